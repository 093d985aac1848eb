// Every unit's gates and states at step t, one hand-drawn canvas row each (a Plotly bar update
// costs 8-10 ms per 256-bar chart, too slow for a step). What C forgot and wrote come as arrays.

class BarsView {
  constructor(ex) {
    this.ex = ex;
    this.box = ex.q(".lx-bars");
    ex.sight.watch(this.box);
  }

  build() {
    const ex = this.ex, d = ex.d, labels = ex.schema.labels;
    this.box.replaceChildren();
    this.rows = [];
    const rows = d.kind === "lstm"
      ? [["f", labels.f], ["i", labels.i], ["o", labels.o], ["g", labels.g], ["forgotten", ex.t.forgotten], ["written", ex.t.written], ["c", labels.c], ["h", labels.h]]
      : [...ex.schema.gates.map((g) => [g, labels[g]]), ["h", labels.h]];
    for (const [key, label] of rows) {
      if (key === "h" && d.outputSize !== d.units) continue;
      this.box.appendChild(el("div", { class: "lx-bar-label" }, label));
      const canvas = el("canvas", { "data-name": key });
      canvas.width = 900;
      canvas.height = 46;
      this.box.appendChild(canvas);
      canvas.addEventListener("click", (e) => {
        const rect = canvas.getBoundingClientRect();
        const k = Math.floor(((e.clientX - rect.left) / rect.width) * d.units);
        ex.set({ unit: ex.order()[Math.min(Math.max(k, 0), d.units - 1)] });
      });
      this.rows.push([key, canvas]);
    }
  }

  update() { this.ex.sight.when(this.box, () => this.draw()); }

  draw() {
    const ex = this.ex, d = ex.d, t = ex.state.step, n = d.units, order = ex.order();
    for (const [key, canvas] of this.rows) {
      const ctx = canvas.getContext("2d");
      const W = canvas.width, H = canvas.height, w = W / n;
      ctx.clearRect(0, 0, W, H);
      const bounded = ex.schema.bounded.includes(key);
      const range = key === "forgotten" || key === "written" ? d.ranges.moved : d.ranges[key] || 1;
      const base = bounded ? H : H / 2;
      ctx.fillStyle = "#d0d7de";
      ctx.fillRect(0, base - 0.5, W, 1);
      for (let k = 0; k < n; k++) {
        const u = order[k];
        const value = ex.v(key, t, u);
        const height = bounded ? value * H : (value / range) * (H / 2);
        ctx.fillStyle = cssColourOf(bounded, value, range);
        ctx.fillRect(k * w, base - Math.max(height, 0), Math.max(w - (n < 120 ? 1 : 0), 1), Math.abs(height));
        if (u === ex.state.unit) {
          ctx.strokeStyle = ex.theme.highlight;
          ctx.lineWidth = 2;
          ctx.strokeRect(k * w, 1, Math.max(w, 2), H - 2);
        }
      }
    }
  }

  png() {
    const rows = this.rows.map(([, c]) => c);
    const out = el("canvas");
    out.width = rows[0].width;
    out.height = rows.length * (rows[0].height + 4);
    const ctx = out.getContext("2d");
    ctx.fillStyle = "white";
    ctx.fillRect(0, 0, out.width, out.height);
    rows.forEach((c, k) => ctx.drawImage(c, 0, k * (c.height + 4)));
    download(out.toDataURL("image/png"), `lstm-lens-bars-t${this.ex.state.step + 1}.png`);
  }
}
