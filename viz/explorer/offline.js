// The offline file's bootstrap (viz/export_html.py appends it to the explorer's own scripts, in the
// same module). Where Streamlit would hand the component its data, this hands it the payload the
// app sent, read from the file's JSON; the explorer then steps exactly as in the app. The
// intervention's figures were built in Python and are only drawn here.

function mountOffline() {
  const saved = JSON.parse(document.getElementById("lx-offline-data").textContent);
  window.Plotly.setPlotConfig({ logging: 0 });
  mountExplorer({ data: saved.explorer, parentElement: document.getElementById("lx-host") });
  const figures = saved.counterfactual || [];
  const divs = figures.map((_, k) => el("div", { class: "lx-cf-figure", "data-testid": `lx-cf-figure-${k}` }));
  if (divs.length) document.getElementById("lx-counterfactual-figures").replaceChildren(...divs);  // laid out before any is drawn
  figures.forEach((fig, k) => window.Plotly.newPlot(divs[k], fig.data, fig.layout, plotConfig(`counterfactual-${k + 1}`)));
  document.body.dataset.offline = "ready";
}

mountOffline();
