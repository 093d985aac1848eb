// The router mounts this in the sidebar on every page: plotly.js (a 4.8 MB script, about 1 s to
// parse here) starts loading as soon as the app opens, so the explorer's first charts need not wait.

export default function preloadPlotly(component) {
  const url = component.data && component.data.url;
  if (url) loadPlotly(new URL(url, document.baseURI).href).catch(() => {});  // a view that needs it says why it failed
  return undefined;
}
