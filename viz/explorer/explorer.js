// LSTM Lens explorer: the whole trace of one sentence lives in the page, and a step redraws only
// what changes, with no round trip to Python. One state (step, unit, sort, projector panel) and one
// setter, `set`: every control, key, token, bar, heatmap cell and saturation dot goes through it,
// so every view follows. Every visible string comes from Python's catalogue (viz/i18n.py).

class Explorer {
  constructor(root) {
    this.root = root;
    this.timer = null;
    this.reportTimer = null;
    this.state = { step: 0, unit: 0, sort: "index", panel: "cell" };
    this.q = (sel) => root.querySelector(sel);
    this.sight = new Visibility(root);
    this.cell = new CellView(this);
    this.bars = new BarsView(this);
    this.heat = new HeatmapsView(this);
    this.stack = new StackView(this);
    this.pred = new PredictionView(this);
    this.sat = new SaturationView(this);
    this.projector = new ProjectorView(this);
    this.plotted = [this.heat, this.stack, this.pred, this.sat];  // views Plotly draws: the heatmaps at once, the rest in sight
    this.bind();
    this.unbindKeys = bindKeys(this);
  }

  bind() {
    this.q(".lx-controls").addEventListener("click", (e) => {
      const button = e.target.closest("button");
      const act = button?.dataset.act;
      if (!act) return;
      button.blur();  // a clicked button keeps no focus: the keys step on
      if (act === "first") this.go(0);
      else if (act === "prev") this.go(this.state.step - 1);
      else if (act === "next") this.go(this.state.step + 1);
      else if (act === "last") this.go(this.d.T - 1);
      else if (act === "play") this.togglePlay();
    });
    this.q(".lx-slider").addEventListener("input", (e) => this.go(Number(e.target.value) - 1));
    this.q(".lx-slider").addEventListener("change", (e) => e.target.blur());
    this.q(".lx-speed").addEventListener("change", (e) => { e.target.blur(); if (this.timer) { this.stop(); this.play(); } });
    this.q(".lx-tokens").addEventListener("click", (e) => {
      const t = e.target.closest(".lx-token")?.dataset.t;
      if (t !== undefined) this.go(Number(t));
    });
    this.q(".lx-sort").addEventListener("change", (e) => { e.target.blur(); this.set({ sort: e.target.value }); });
    this.root.addEventListener("click", (e) => {
      const which = e.target.closest(".lx-png")?.dataset.png;
      if (which === "cell") this.cell.png();
      else if (which === "bars") this.bars.png();
    });
  }

  destroy() {
    this.stop();
    clearTimeout(this.reportTimer);
    this.unbindKeys();
    this.projector.destroy();
    this.sight.disconnect();
  }

  load(d) {
    delete this.root.dataset.plotted;  // set again once this sentence's Plotly figures are drawn
    const plotly = loadPlotly(new URL(d.plotly, document.baseURI).href);  // fetched while the rest is drawn
    this.d = d;
    this.t = d.text;
    this.schema = d.schema;
    this.theme = d.theme;
    usePalette(d.theme);
    const style = this.root.style;  // the theme's fonts and colours, for the CSS (explorer.css)
    style.setProperty("--lx-font-family", d.theme.fontFamily);
    style.setProperty("--lx-font-size", `${d.theme.fontSize}px`);
    style.setProperty("--lx-highlight", d.theme.highlight);
    style.setProperty("--lx-model", d.theme.model);
    this.arrays = {};
    for (const [name, b64] of Object.entries(d.arrays)) this.arrays[name] = decode(b64);
    this.activity = decodeOrders(d.orders.activity);
    this.fixedKey = null;  // the orders cached by order() belong to the sentence before
    this.activityAt = null;
    this.identity = Uint16Array.from({ length: d.units }, (_, k) => k);
    this.root.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = this.t[n.dataset.i18n] || ""; });
    this.q(".lx-slider").max = String(d.T);
    const sort = this.buildSort();
    this.state = { ...this.state, step: d.step, unit: d.unit, sort };
    this.buildTokens();
    for (const view of [this.cell, this.bars, ...this.plotted]) view.build();
    this.cell.paintColoured();
    this.rendered = false;
    this.projector.apply();
    this.update({ step: true, unit: true, sort: true, panel: true });
    const loaded = this.d;
    const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    Promise.all([plotly, painted()]).then(([Plotly]) => {  // the hand-drawn views show first, the figures next
      if (this.d !== loaded) return;  // a newer sentence came meanwhile
      this.heat.draw(Plotly);
      this.heat.update();
      this.projector.fit();
      this.root.dataset.plotted = "1";
      for (const view of [this.stack, this.pred, this.sat]) {  // the rest are drawn when they come near
        const node = view.plotNode();
        if (node) this.sight.when(node, () => { if (this.d === loaded) { view.draw(Plotly); view.update(); this.projector.fit(); } });
      }
    }).catch((err) => {  // the hand-drawn views still work; say why the figures are missing
      this.root.dataset.plotlyError = String(err);
      console.error(err);
    });
  }

  // value of array `name` at step t, unit u (row-major (T, width))
  v(name, t, u) {
    const width = name === "h" || name === "h_pre" ? this.d.outputSize : this.d.units;
    return this.arrays[name][t * width + u];
  }
  prevState(name, t, u) {
    const before = this.d.direction === 0 ? t - 1 : t + 1;
    if (before < 0 || before >= this.d.T) return this.d.initial[name + "0"][u];
    return this.v(name, before, u);
  }

  // The units in the chosen order (Python computed every order; activity has one per step).
  order() {
    const key = this.state.sort, d = this.d;
    if (key === "activity") {
      const t = this.state.step;
      if (this.activityAt !== t) {
        this.activityAt = t;
        this.activityOrder = this.activity.subarray(t * d.units, (t + 1) * d.units);
      }
      return this.activityOrder;
    }
    if (key !== "index" && d.orders[key]) {
      if (this.fixedKey !== key) { this.fixedKey = key; this.fixedOrder = Uint16Array.from(d.orders[key]); }
      return this.fixedOrder;
    }
    return this.identity;
  }
  rowOf(u) {
    const order = this.order();
    if (this.rowsFor !== order) {
      this.rowsFor = order;
      this.rows = new Int32Array(order.length);
      order.forEach((unit, row) => { this.rows[unit] = row; });
    }
    return this.rows[u];
  }

  go(t) { this.set({ step: t }); }

  // The one state setter: clamps, then redraws what the change touches.
  set(changes) {
    if (!this.d) return;
    const before = this.state, next = { ...before, ...changes };
    next.step = Math.min(Math.max(Math.round(next.step), 0), this.d.T - 1);
    next.unit = Math.min(Math.max(Math.round(next.unit), 0), this.d.units - 1);
    const changed = {};
    for (const key of ["step", "unit", "sort", "panel"]) changed[key] = next[key] !== before[key];
    if (!Object.values(changed).some(Boolean) && this.rendered) return;
    this.state = next;
    if (changed.sort) this.q(".lx-sort").value = next.sort;
    this.update(changed);
  }

  update(changed) {
    const d = this.d, t = this.state.step;
    this.rendered = true;
    if (changed.step) {
      this.q(".lx-token.lx-current")?.classList.remove("lx-current");
      const current = this.tokenNodes[t];
      current.classList.add("lx-current");
      if (d.projector) {  // the one-line strip keeps the current token in view
        const strip = this.q(".lx-tokens");
        const left = current.offsetLeft - strip.offsetLeft;
        if (left < strip.scrollLeft || left + current.offsetWidth > strip.scrollLeft + strip.clientWidth) strip.scrollLeft = left - strip.clientWidth / 3;
      }
      this.q(".lx-readout").textContent = `${t + 1} / ${d.T}`;
      this.q(".lx-slider").value = String(t + 1);
      this.root.dataset.step = String(t + 1);
    }
    this.root.dataset.unit = String(this.state.unit);
    if (changed.unit) this.cell.paintColoured();
    if (changed.panel) this.projector.apply();
    this.cell.update();
    this.bars.update();
    this.pred.update();
    this.heat.update();
    this.stack.update();
    if (changed.unit) this.sat.update();
    this.report();
  }

  togglePlay() { if (this.timer) this.stop(); else this.play(); }
  play() {
    if (this.state.step >= this.d.T - 1) this.go(0);
    const rate = Number(this.q(".lx-speed").value);
    this.q(".lx-play").textContent = "▮▮";
    this.timer = setInterval(() => {
      if (this.state.step >= this.d.T - 1) { this.stop(); return; }
      this.go(this.state.step + 1);
    }, 1000 / rate);
  }
  stop() {
    clearInterval(this.timer);
    this.timer = null;
    const button = this.q(".lx-play");
    if (button) button.textContent = "▶";
  }

  // Keep step and unit in the address bar (a copied link opens this view) without a round trip:
  // Streamlit sends the current query string with its next rerun, so Python sees them too.
  report() {
    clearTimeout(this.reportTimer);
    this.reportTimer = setTimeout(() => {
      const url = new URL(window.location.href);
      const step = String(this.state.step + 1), unit = String(this.state.unit);
      if (url.searchParams.get("step") === step && url.searchParams.get("unit") === unit) return;
      url.searchParams.set("step", step);
      url.searchParams.set("unit", unit);
      window.history.replaceState(window.history.state, "", url);
    }, 150);
  }

  buildTokens() {
    const strip = this.q(".lx-tokens");
    strip.replaceChildren();
    this.tokenNodes = this.d.tokens.map((tok, t) => {
      const unknown = this.d.unknown && this.d.unknown[t];
      const piece = isPiece(tok);
      const cls = "lx-token" + (unknown ? " lx-unknown" : "") + (piece ? " lx-piece" : "");
      const node = el("span", { class: cls, "data-t": String(t), title: `t = ${t + 1} · ${tok}${unknown ? " · <unk>" : ""}` }, piece ? tok.slice(2) : shown(tok));
      strip.appendChild(node);
      return node;
    });
  }

  buildSort() {
    const select = this.q(".lx-sort");
    const options = [["index", this.t.index], ["activity", this.t.activity], ["variance", this.t.variance]];
    for (const name of this.d.latents) options.push([`latent:${name}`, `${this.t.correlation} ${name}`]);
    const keep = this.state.sort;
    select.replaceChildren(...options.map(([v, label]) => el("option", { value: v }, label)));
    const sort = options.some(([v]) => v === keep) ? keep : "index";
    select.value = sort;
    return sort;
  }
}

// The app sends the payload as JSON bytes (ui/explorer_view.py); the offline export as an object.
let lastBytes = null, lastPayload = null;
function decodePayload(data) {
  if (!(data instanceof Uint8Array)) return data;
  if (data !== lastBytes) { lastBytes = data; lastPayload = JSON.parse(new TextDecoder().decode(data)); }
  return lastPayload;
}

export default function mountExplorer(component) {  // named: the offline export (viz/export_html.py) calls it too
  const { parentElement } = component;
  const data = decodePayload(component.data);
  const root = parentElement.querySelector(".lx");
  if (!root || !data) return undefined;
  if (!root.__explorer) root.__explorer = new Explorer(root);
  const explorer = root.__explorer;
  if (explorer.loadedId !== data.id) {
    explorer.loadedId = data.id;
    explorer.stop();
    explorer.load(data);
  }
  if (window.LSTM_LENS_TEST_HOOK) window.__lstmLens = explorer;  // only when a test or the benchmark asks for it
  return () => {
    if (!root.isConnected) explorer.destroy();
  };
}
