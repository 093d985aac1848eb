// The Plotly panels: units × time heatmaps, the layer stack and gate saturation. Python builds the
// figures (viz/explorer_figures.py); here they are drawn once per sentence with the installed
// plotly.js (served by the app, cached by the browser) and stepped by replacing the whole `shapes`
// array: one relayout redraws only the shapes (moving one shape's x0 would redraw the heatmap).

function plotConfig(name) {
  return {
    displaylogo: false,
    responsive: true,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian"],
    toImageButtonOptions: { format: "png", scale: 2, filename: `lstm-lens-${name}` },  // the modebar's camera: PNG export
  };
}

// The same shapes as viz/explorer_figures.step_shapes: the step's column and the unit's row.
function stepShapes(step, length, row, rows, theme, axis = "") {
  const shapes = [{ type: "rect", xref: `x${axis}`, yref: `y${axis} domain`, x0: step - 0.5, x1: step + 0.5, y0: 0, y1: 1, line: { color: theme.highlight, width: 3 } }];
  if (row !== null && row >= 0 && row < rows) {
    shapes.push({ type: "line", xref: `x${axis}`, yref: `y${axis}`, x0: -0.5, x1: length - 0.5, y0: row, y1: row, line: { color: theme.highlight, width: 2, dash: "dot" } });
  }
  return shapes;
}

// The step and unit a click on a heatmap cell means: categories are "12 token" and "5".
function cellOf(event) {
  const point = event.points && event.points[0];
  if (!point) return null;
  return { step: parseInt(String(point.x), 10) - 1, unit: parseInt(String(point.y), 10) };
}

class HeatmapsView {
  constructor(ex) {
    this.ex = ex;
    this.box = ex.q(".lx-heatmaps");
    this.plots = [];
  }

  build() {
    const ex = this.ex, d = ex.d;
    this.ready = false;
    this.plots = [...ex.schema.gates, ...ex.schema.states].map((name) => {
      const width = name === "h" ? d.outputSize : d.units;
      const div = el("div", { class: "lx-heat", "data-name": name, "data-testid": `lx-heat-${name}` });
      div.style.minHeight = `${d.figures.heat[name].layout.height}px`;  // its room kept before it is drawn
      ex.sight.watch(div);
      return { name, width, div };
    });
    this.box.replaceChildren(...this.plots.map((p) => p.div));
  }

  // Heatmaps in sight (or near it) are drawn now, the others when they come near: six figures
  // cost about 60 ms each here, and most of a new sentence's wait was the ones nobody could see.
  draw(Plotly) {
    const ex = this.ex;
    this.ready = true;
    for (const p of this.plots) {
      p.drawn = false;
      if (ex.sight.near(p.div)) this.drawOne(Plotly, p);
      else ex.sight.when(p.div, () => { if (!p.drawn && p.div.isConnected) { this.drawOne(Plotly, p); ex.projector.fit(); } });
    }
  }

  drawOne(Plotly, p) {
    const ex = this.ex, d = ex.d;
    const fig = d.figures.heat[p.name];
    const data = fig.data.map((trace) => ({ ...trace, z: { dtype: "f4", bdata: d.arrays[p.name], shape: `${d.T}, ${p.width}` } }));
    Plotly.newPlot(p.div, data, fig.layout, plotConfig(`${p.name}-t${ex.state.step + 1}`));
    p.div.on("plotly_click", (event) => { const cell = cellOf(event); if (cell) ex.set(cell); });
    p.drawn = true;
    p.order = ex.identity;  // the figures come in index order
    this.sync(p, true);
  }

  // Rows in the chosen order (computed in Python): the array's columns permuted, then redrawn.
  reorder(p, order) {
    const ex = this.ex, d = ex.d;
    p.order = order;
    if (p.width !== d.units) return;
    const values = ex.arrays[p.name], rows = new Array(order.length);
    for (let k = 0; k < order.length; k++) {
      const row = new Float32Array(d.T), u = order[k];
      for (let t = 0; t < d.T; t++) row[t] = values[t * p.width + u];
      rows[k] = row;
    }
    window.Plotly.restyle(p.div, { z: [rows], y: [Array.from(order, String)], transpose: false });
  }

  // One drawn heatmap brought to the state: its row order, then the step's column and the unit's row.
  sync(p, now = false) {
    const ex = this.ex, d = ex.d, order = ex.order();
    if (p.order !== order) this.reorder(p, order);
    const shapes = stepShapes(ex.state.step, d.T, p.width === d.units ? ex.rowOf(ex.state.unit) : ex.state.unit, p.width, ex.theme);
    if (now) window.Plotly.relayout(p.div, { shapes });
    else ex.sight.when(p.div, () => window.Plotly.relayout(p.div, { shapes }));
  }

  update() {
    if (!this.ready) return;
    for (const p of this.plots) if (p.drawn) this.sync(p);  // one not drawn yet is brought up to date when drawn
  }

  drawnPlots() { return this.plots.filter((p) => p.drawn); }
}

class StackView {
  constructor(ex) {
    this.ex = ex;
    this.div = ex.q(".lx-stack");
    ex.sight.watch(this.div);
  }
  build() {
    this.ready = false;
    this.ex.q(".lx-stack-panel").hidden = !this.ex.d.figures.stack;
  }
  plotNode() { return this.ex.d.figures.stack ? this.div : null; }
  draw(Plotly) {
    const fig = this.ex.d.figures.stack;
    if (!fig) return;
    Plotly.newPlot(this.div, fig.data, fig.layout, plotConfig("stack"));
    this.div.on("plotly_click", (event) => { const cell = cellOf(event); if (cell) this.ex.set({ step: cell.step }); });
    this.ready = true;
  }
  update() {
    if (!this.ready) return;
    const ex = this.ex, shapes = [];
    ex.d.figures.stack.data.forEach((_, k) => shapes.push(...stepShapes(ex.state.step, ex.d.T, null, 0, ex.theme, k ? String(k + 1) : "")));
    ex.sight.when(this.div, () => window.Plotly.relayout(this.div, { shapes }));
  }
}

class SaturationView {
  constructor(ex) {
    this.ex = ex;
    this.div = ex.q(".lx-sat");
    this.source = ex.q(".lx-sat-source");
    ex.sight.watch(this.div);
    this.source.addEventListener("change", () => { this.source.blur(); this.showSource(); });
  }
  build() {
    const ex = this.ex, d = ex.d;
    this.ready = false;
    const options = [["sentence", ex.t.satSentence]];
    if (Object.keys(d.saturation.sample || {}).length) options.push(["sample", ex.t.satSample]);
    this.source.replaceChildren(...options.map(([v, label]) => el("option", { value: v }, label)));
    this.div.replaceChildren();
    if (!d.figures.sat) this.div.appendChild(el("p", {}, "—"));
  }
  plotNode() { return this.ex.d.figures.sat ? this.div : null; }
  draw(Plotly) {
    const fig = this.ex.d.figures.sat;
    if (!fig) return;
    Plotly.newPlot(this.div, fig.data, fig.layout, plotConfig("saturation"));
    this.div.on("plotly_click", (event) => {
      const point = event.points && event.points[0];
      if (point && point.customdata !== undefined) this.ex.set({ unit: Number(point.customdata) });
    });
    this.ready = true;
    this.showSource();
  }
  showSource() {
    if (!this.ready) return;
    const source = this.source.value;
    window.Plotly.restyle(this.div, { visible: this.ex.d.figures.sat.data.map((trace) => trace.meta === source) });
    this.update();
  }
  // A ring around the chosen unit in every gate's panel (the same as saturation_shapes in Python).
  update() {
    this.div.dataset.unit = String(this.ex.state.unit);
    if (!this.ready) return;
    const ex = this.ex, data = ex.d.saturation[this.source.value] || {}, u = ex.state.unit, shapes = [];
    Object.keys(data).forEach((gate, k) => {
      const x = data[gate].lo[u], y = data[gate].hi[u], axis = k ? String(k + 1) : "";
      shapes.push({ type: "circle", xref: `x${axis}`, yref: `y${axis}`, x0: x - 0.05, x1: x + 0.05, y0: y - 0.05, y1: y + 0.05, line: { color: ex.theme.highlight, width: 3 } });
    });
    ex.sight.when(this.div, () => window.Plotly.relayout(this.div, { shapes }));
  }
}
