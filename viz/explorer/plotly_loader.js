// plotly.js is loaded once per page, by whichever comes first: the router's preload (started as the
// app opens, while Python still computes the first page) or a view that needs it. One promise on
// window, so the two never load it twice.

function loadPlotly(url) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__lxPlotly) {
    window.__lxPlotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.dataset.lxPlotly = "1";
      script.addEventListener("load", () => {
        window.Plotly.setPlotConfig({ logging: 0 });
        resolve(window.Plotly);
      });
      script.addEventListener("error", () => { window.__lxPlotly = null; reject(new Error(`plotly.js did not load from ${url}`)); });
      document.head.appendChild(script);
    });
  }
  return window.__lxPlotly;
}
