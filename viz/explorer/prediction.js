// The model's verdict after every prefix: a Plotly line chart (probability of each label, or of
// the token that came next) plus the readout at step t, the tag strip, or the top-5 next tokens.

class PredictionView {
  constructor(ex) {
    this.ex = ex;
    this.box = ex.q(".lx-pred");
  }

  build() {
    const ex = this.ex, d = ex.d, p = d.predictions;
    this.ready = false;
    this.box.replaceChildren();
    this.chart = null;
    if (!p) { this.box.appendChild(el("p", {}, ex.t.noPred)); return; }
    if (d.figures.pred) {
      this.chart = el("div", { class: "lx-pred-chart", "data-testid": "lx-pred-chart" });
      ex.sight.watch(this.chart);
      this.box.appendChild(this.chart);
    }
    if (p.kind === "lm") {
      this.topk = el("div", { class: "lx-topk", "data-testid": "lx-topk" });
      this.box.appendChild(this.topk);
      return;
    }
    this.probs = decode(p.probs);
    if (p.kind === "tag") {
      const strip = el("div", { class: "lx-tags", "data-testid": "lx-tags" });
      this.tagNodes = d.tokens.map((tok, t) => {
        const best = this.best(t);
        const node = el("span", { class: "lx-tag", "data-pred": String(best) }, `${tok}: ${p.labels[best]}`);
        node.style.background = best ? "#ffe8a3" : "#f6f8fa";
        if (d.trueLabels) node.appendChild(el("span", { class: "lx-true" }, `${ex.t.truth}: ${p.labels[d.trueLabels[t]]}`));
        strip.appendChild(node);
        return node;
      });
      this.box.appendChild(strip);
    }
    this.box.appendChild(el("div", { class: "lx-pred-readout", "data-testid": "lx-pred-readout" }));
  }

  plotNode() { return this.chart; }
  draw(Plotly) {
    const fig = this.ex.d.figures.pred;
    if (!fig || !this.chart) return;
    Plotly.newPlot(this.chart, fig.data, fig.layout, plotConfig("prediction"));
    this.chart.on("plotly_click", (event) => { const cell = cellOf(event); if (cell) this.ex.set({ step: cell.step }); });
    this.ready = true;
  }

  best(t) {
    const p = this.ex.d.predictions;
    let best = 0;
    for (let c = 1; c < p.classes; c++) if (this.probs[t * p.classes + c] > this.probs[t * p.classes + best]) best = c;
    return best;
  }

  update() {
    const ex = this.ex, d = ex.d, p = d.predictions, t = ex.state.step;
    if (!p) return;
    if (this.ready) {
      const points = d.figures.pred.data[0].x.length;
      const shapes = stepShapes(Math.min(t, points - 1), points, null, 0, ex.theme);
      ex.sight.when(this.chart, () => window.Plotly.relayout(this.chart, { shapes }));
    }
    if (p.kind === "lm") {
      const nextToken = t + 1 < d.T ? d.tokens[t + 1] : null;
      const rows = [];
      p.top[t].forEach((tok, k) => {
        rows.push(el("div", {}, shown(tok) + (tok === nextToken ? " ✓" : "")));
        const bar = el("div", { class: "lx-bar" });
        bar.style.width = `${p.topProbs[t][k] * 100}%`;
        rows.push(bar);
        rows.push(el("div", { "data-value": String(p.topProbs[t][k]) }, fmt(p.topProbs[t][k], 3)));
      });
      this.topk.replaceChildren(...rows);
      return;
    }
    const best = this.best(t), pr = this.probs[t * p.classes + best];
    const truth = p.kind === "classify" && d.trueLabel !== null && d.trueLabel !== undefined ? ` · ${ex.t.truth}: ${p.labels[d.trueLabel]}` : "";
    const readout = ex.q(".lx-pred-readout");
    readout.textContent = `t = ${t + 1}: ${p.labels[best]} (${fmt(pr * 100, 1)}%)${truth}`;
    readout.dataset.value = String(pr);
    if (p.kind === "tag") {
      ex.q(".lx-tag.lx-current")?.classList.remove("lx-current");
      this.tagNodes[t].classList.add("lx-current");
    }
  }
}
