// LSTM Lens explorer: the whole trace of one sentence lives in the page; a step redraws only
// what changes (token highlight, readout, cell diagram numbers, per-unit bars, step markers).
// Heatmaps are painted once per sentence. No round trip to Python on a step.

// Every visible string comes from Python's catalogue (viz/i18n.py) in data.text.

const GATE_LABEL = { f: "f_t", i: "i_t", g: "C̃_t", o: "o_t", c: "C_t", h: "h_t", r: "r_t", z: "z_t", n: "n_t" };
const SEQUENTIAL = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"];
const DIVERGING = ["#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"];

function hexToRgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
// The second palette: cividis (sequential) and purple-orange (diverging), both readable with
// red-green colour blindness and in greyscale.
const SEQUENTIAL_ALT = ["#00224e", "#123570", "#3b496c", "#575d6d", "#707173", "#8a8779", "#a69d75", "#c4b56c", "#e4cf5b", "#fee838"];
const DIVERGING_ALT = ["#2d004b", "#542788", "#8073ac", "#b2abd2", "#d8daeb", "#f7f7f7", "#fee0b6", "#fdb863", "#e08214", "#b35806", "#7f3b08"];
const PALETTES = {
  default: [SEQUENTIAL.map(hexToRgb), DIVERGING.map(hexToRgb)],
  alt: [SEQUENTIAL_ALT.map(hexToRgb), DIVERGING_ALT.map(hexToRgb)],
};
let SEQ_RGB = PALETTES.default[0];
let DIV_RGB = PALETTES.default[1];

function ramp(stops, x) {
  const p = Math.min(Math.max(x, 0), 1) * (stops.length - 1);
  const k = Math.min(Math.floor(p), stops.length - 2);
  const f = p - k;
  const a = stops[k], b = stops[k + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

function isGate(name) { return ["f", "i", "o", "r", "z"].includes(name); }
function colourOf(name, value, range) {
  return isGate(name) ? ramp(SEQ_RGB, value) : ramp(DIV_RGB, 0.5 + value / (2 * range));
}
function css(rgb) { return `rgb(${rgb[0] | 0},${rgb[1] | 0},${rgb[2] | 0})`; }
function textOn(rgb) { return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] > 140 ? "#111" : "#fff"; }
function fmt(v, digits = 2) { return Number.isFinite(v) ? v.toFixed(digits) : "–"; }
// an operand inside a product: negative numbers in parentheses, "0.17·(-0.34)"
function op(v, digits = 2) { return v < 0 ? `(${fmt(v, digits)})` : fmt(v, digits); }
// what a token strip shows: line breaks and spaces made visible
function shown(tok) { return tok === "\n" ? "↵" : tok === " " ? "·" : tok; }
// A subword piece that continues the word before it ("##ának"): drawn joined to that word.
function isPiece(tok) { return tok.length > 2 && tok.startsWith("##"); }

function decode(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let k = 0; k < bin.length; k++) bytes[k] = bin.charCodeAt(k);
  return new Float32Array(bytes.buffer);
}

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function download(url, name) {
  const a = el("a", { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
}
function svgToPng(node, name) {
  const clone = node.cloneNode(true);
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  const box = node.viewBox.baseVal;
  const scale = 2;
  const img = new Image();
  img.onload = () => {
    const canvas = el("canvas");
    canvas.width = box.width * scale;
    canvas.height = box.height * scale;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "white";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    download(canvas.toDataURL("image/png"), name);
  };
  img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(clone));
}

class Explorer {
  constructor(root) {
    this.root = root;
    this.timer = null;
    this.reportTimer = null;
    this.q = (sel) => root.querySelector(sel);
    this.bind();
  }

  bind() {
    this.q(".lx-controls").addEventListener("click", (e) => {
      const act = e.target.closest("button")?.dataset.act;
      if (act === "first") this.go(0);
      else if (act === "prev") this.go(this.step - 1);
      else if (act === "next") this.go(this.step + 1);
      else if (act === "last") this.go(this.d.T - 1);
      else if (act === "play") this.togglePlay();
    });
    this.q(".lx-slider").addEventListener("input", (e) => this.go(Number(e.target.value) - 1));
    this.q(".lx-speed").addEventListener("change", () => { if (this.timer) { this.stop(); this.play(); } });
    this.q(".lx-tokens").addEventListener("click", (e) => {
      const t = e.target.closest(".lx-token")?.dataset.t;
      if (t !== undefined) this.go(Number(t));
    });
    this.q(".lx-sort").addEventListener("change", () => { this.paintHeatmaps(); this.update(); });
    this.q(".lx-colour-state").addEventListener("change", () => this.paintColoured());
    this.q(".lx-sat-source").addEventListener("change", () => this.buildSaturation());
    this.root.addEventListener("click", (e) => {
      const which = e.target.closest(".lx-png")?.dataset.png;
      if (which) this.png(which);
    });
    this.onKey = (e) => {
      const tag = (e.target && e.target.tagName) || "";
      if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || e.target?.isContentEditable) return;
      if (!this.d || !this.root.isConnected) return;
      const keys = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };
      if (e.key in keys) this.go(this.step + keys[e.key]);
      else if (e.key === "Home") this.go(0);
      else if (e.key === "End") this.go(this.d.T - 1);
      else if (e.key === " " || e.key === "Spacebar") this.togglePlay();
      else return;
      e.preventDefault();
    };
    document.addEventListener("keydown", this.onKey);
  }

  destroy() {
    this.stop();
    clearTimeout(this.reportTimer);
    document.removeEventListener("keydown", this.onKey);
  }

  load(data) {
    const d = data;
    this.d = d;
    this.t = d.text;
    [SEQ_RGB, DIV_RGB] = PALETTES[d.palette] || PALETTES.default;
    this.root.classList.toggle("lx-projector", Boolean(d.projector));
    this.arrays = {};
    for (const [name, b64] of Object.entries(d.arrays)) this.arrays[name] = decode(b64);
    this.gates = { lstm: ["f", "i", "g", "o"], gru: ["r", "z", "n"], rnn: [] }[d.kind];
    this.states = d.kind === "lstm" ? ["c", "h"] : ["h"];
    this.step = d.step;
    this.unit = d.unit;
    this.ranges = {};
    for (const name of [...this.gates, ...this.states]) {
      let m = 1e-6;
      for (const v of this.arrays[name]) m = Math.max(m, Math.abs(v));
      this.ranges[name] = name === "c" ? m : 1;
    }
    if (d.kind === "lstm") {
      let m = 1e-6;
      for (let t = 0; t < d.T; t++) {
        for (let u = 0; u < d.units; u++) {
          m = Math.max(m, Math.abs((1 - this.v("f", t, u)) * this.prevState("c", t, u)), Math.abs(this.v("i", t, u) * this.v("g", t, u)));
        }
      }
      this.ranges.moved = m;  // one scale for what was forgotten and what was written
    }
    this.root.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = this.t[n.dataset.i18n] || ""; });
    const slider = this.q(".lx-slider");
    slider.max = String(d.T);
    this.buildTokens();
    this.buildSort();
    this.buildColourStates();
    this.buildCell();
    this.buildBars();
    this.buildHeatmaps();
    this.paintHeatmaps();
    this.buildStack();
    this.buildPrediction();
    const source = this.q(".lx-sat-source");
    const options = [["sentence", this.t.satSentence]];
    if (d.satSample && Object.keys(d.satSample).length) options.push(["sample", this.t.satSample]);
    source.replaceChildren(...options.map(([v, label]) => el("option", { value: v }, label)));
    this.buildSaturation();
    this.paintColoured();
    this.update();
  }

  // value of array `name` at step t, unit u (row-major (T, units))
  v(name, t, u) {
    const width = name === "h" || name === "h_pre" ? this.d.outputSize : this.d.units;
    return this.arrays[name][t * width + u];
  }
  prevState(name, t, u) {
    const before = this.d.direction === 0 ? t - 1 : t + 1;
    if (before < 0 || before >= this.d.T) return this.d.initial[name + "0"][u];
    return this.v(name, before, u);
  }

  go(t) {
    if (!this.d) return;
    const clamped = Math.min(Math.max(t, 0), this.d.T - 1);
    if (clamped === this.step && this.rendered) return;
    this.step = clamped;
    this.update();
  }

  togglePlay() { if (this.timer) this.stop(); else this.play(); }
  play() {
    if (this.step >= this.d.T - 1) this.go(0);
    const rate = Number(this.q(".lx-speed").value);
    this.q(".lx-play").textContent = "▮▮";
    this.timer = setInterval(() => {
      if (this.step >= this.d.T - 1) { this.stop(); return; }
      this.go(this.step + 1);
    }, 1000 / rate);
  }
  stop() {
    clearInterval(this.timer);
    this.timer = null;
    const button = this.q(".lx-play");
    if (button) button.textContent = "▶";
  }

  selectUnit(u) {
    this.unit = u;
    this.paintColoured();
    this.buildSaturation();
    this.update();
  }

  // Keep step and unit in the address bar (a copied link opens this view) without a round trip:
  // Streamlit sends the current query string with its next rerun, so Python sees them too.
  report() {
    clearTimeout(this.reportTimer);
    this.reportTimer = setTimeout(() => {
      const url = new URL(window.location.href);
      const step = String(this.step + 1), unit = String(this.unit);
      if (url.searchParams.get("step") === step && url.searchParams.get("unit") === unit) return;
      url.searchParams.set("step", step);
      url.searchParams.set("unit", unit);
      window.history.replaceState(window.history.state, "", url);
    }, 150);
  }

  // ---- per-step update: only what a step changes ----
  update() {
    const d = this.d, t = this.step;
    this.rendered = true;
    const prev = this.q(".lx-token.lx-current");
    if (prev) prev.classList.remove("lx-current");
    const cur = this.tokenNodes[t];
    cur.classList.add("lx-current");
    this.q(".lx-readout").textContent = `${t + 1} / ${d.T}`;
    this.q(".lx-slider").value = String(t + 1);
    this.root.dataset.step = String(t + 1);
    this.root.dataset.unit = String(this.unit);
    if (this.q(".lx-sort").value === "activity") this.paintHeatmaps();
    this.updateCell();
    this.updateEquations();
    this.updateBars();
    this.updateMarkers();
    this.updatePrediction();
    this.report();
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
    for (const name of Object.keys(this.d.latents)) options.push([`latent:${name}`, `${this.t.correlation} ${name}`]);
    const keep = select.value;
    select.replaceChildren(...options.map(([v, label]) => el("option", { value: v }, label)));
    if (options.some(([v]) => v === keep)) select.value = keep;
  }

  buildColourStates() {
    const select = this.q(".lx-colour-state");
    const keep = select.value;
    select.replaceChildren(...[...this.states, ...this.gates].map((s) => el("option", { value: s }, GATE_LABEL[s])));
    select.value = this.states.includes(keep) || this.gates.includes(keep) ? keep : this.states[this.states.length - 1];
  }

  order() {
    const d = this.d, key = this.q(".lx-sort").value;
    const units = [...Array(d.units).keys()];
    if (key === "index") return units;
    const score = new Float64Array(d.units);
    const states = this.states.includes("c") ? "c" : "h";  // rank units by their memory
    for (let u = 0; u < d.units; u++) {
      if (key === "activity") score[u] = -Math.abs(this.v(states, this.step, u));
      else if (key === "variance") {
        let s = 0, s2 = 0;
        for (let t = 0; t < d.T; t++) { const x = this.v(states, t, u); s += x; s2 += x * x; }
        score[u] = -(s2 / d.T - (s / d.T) ** 2);
      } else {
        const target = d.latents[key.slice(7)];
        score[u] = -Math.abs(pearson((t) => this.v(states, t, u), target, d.T));
      }
    }
    return units.sort((a, b) => score[a] - score[b]);
  }

  // ---- cell diagram (LSTM) ----
  buildCell() {
    const node = this.q(".lx-cell");
    node.replaceChildren();
    this.cellText = {};
    this.cellBox = {};
    this.cellCaption = {};
    if (this.d.kind !== "lstm") {
      node.setAttribute("viewBox", "0 0 720 120");
      node.appendChild(svg("text", { x: 20, y: 60, "font-size": 18 }, `${this.d.kind.toUpperCase()}: h_t = ${this.d.kind === "gru" ? "(1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}" : "tanh(W_h·h_{t−1} + W_x·x_t + b_h)"}`));
      this.cellText.h = svg("text", { x: 20, y: 95, "font-size": 18, "data-name": "h" });
      node.appendChild(this.cellText.h);
      return;
    }
    node.setAttribute("viewBox", "0 0 720 330");
    const line = (x1, y1, x2, y2, w = 3) => node.appendChild(svg("line", { x1, y1, x2, y2, stroke: "#57606a", "stroke-width": w }));
    // cell-state highway and the hidden-state path
    line(70, 60, 650, 60, 5).setAttribute("data-part", "cell");
    line(70, 270, 170, 270);
    line(170, 270, 170, 210);
    line(130, 210, 520, 210);
    line(600, 270, 650, 270);
    const sym = (x, y, s, part) => {
      node.appendChild(svg("circle", { cx: x, cy: y, r: 16, fill: "white", stroke: "#57606a", "stroke-width": 2, "data-part": part }));
      node.appendChild(svg("text", { x, y: y + 6, "text-anchor": "middle", "font-size": 20 }, s));
    };
    const box = (key, x, y, label, fn) => {
      line(x, 210, x, y + 24);
      const part = { f: "forget", i: "input", g: "input", o: "output" }[key];
      const rect = svg("rect", { x: x - 46, y: y - 26, width: 92, height: 52, rx: 8, stroke: "#1b1f24", "stroke-width": 1.5, "data-name": key, "data-part": part });
      node.appendChild(rect);
      const caption = svg("text", { x, y: y - 8, "text-anchor": "middle", "font-size": 17, "font-weight": 700 }, `${fn} ${label}`);
      node.appendChild(caption);
      this.cellCaption[key] = caption;
      const value = svg("text", { x, y: y + 18, "text-anchor": "middle", "font-size": 23, "font-weight": 700, "data-name": key });
      node.appendChild(value);
      this.cellBox[key] = rect;
      this.cellText[key] = value;
    };
    box("f", 190, 150, "f_t", "σ");
    box("i", 310, 150, "i_t", "σ");
    box("g", 420, 150, "C̃_t", "tanh");
    box("o", 540, 150, "o_t", "σ");
    line(190, 124, 190, 76);
    line(310, 124, 310, 100); line(310, 100, 365, 100);
    line(420, 124, 420, 100); line(420, 100, 365, 100); line(365, 100, 365, 76);
    line(540, 124, 540, 100); line(540, 100, 600, 100);
    line(600, 60, 600, 84); line(600, 116, 600, 254);
    sym(190, 60, "⊗", "forget"); sym(365, 60, "⊕", "cell"); sym(365, 100, "⊗", "input"); sym(600, 270, "⊗", "output");
    node.appendChild(svg("rect", { x: 570, y: 86, width: 60, height: 28, rx: 14, fill: "white", stroke: "#57606a", "stroke-width": 2 }));
    node.appendChild(svg("text", { x: 600, y: 106, "text-anchor": "middle", "font-size": 16 }, "tanh"));
    const label = (key, x, y, anchor, caption) => {
      node.appendChild(svg("text", { x, y: y - 24, "text-anchor": anchor, "font-size": 17, fill: "#57606a" }, caption));
      const value = svg("text", { x, y, "text-anchor": anchor, "font-size": 23, "font-weight": 700, "data-name": key });
      node.appendChild(value);
      this.cellText[key] = value;
    };
    label("c_prev", 10, 66, "start", "C_{t−1}");
    label("c", 710, 66, "end", "C_t");
    label("h_prev", 10, 276, "start", "h_{t−1}");
    label("h", 710, 276, "end", "h_t");
    label("x", 120, 318, "middle", "");
    node.appendChild(svg("text", { x: 400, y: 318, "font-size": 17, fill: "#57606a" }, "h_t = o_t ⊙ tanh(C_t)"));
    if (this.d.highlight) {  // the lesson shows the cell part by part
      node.querySelectorAll("[data-part]").forEach((part) => {
        if (part.dataset.part === this.d.highlight) {
          part.setAttribute("stroke", "#ff2d55");
          part.setAttribute("stroke-width", "6");
        }
      });
      node.dataset.highlight = this.d.highlight;
    }
  }

  updateCell() {
    const t = this.step, u = this.unit;
    if (this.d.kind !== "lstm") {
      this.cellText.h.textContent = `${this.t.unit} ${u}: h_t = ${fmt(this.v("h", t, u), 3)}`;
      this.cellText.h.dataset.value = String(this.v("h", t, u));
      return;
    }
    for (const key of ["f", "i", "g", "o"]) {
      const value = this.v(key, t, u);
      const rgb = colourOf(key, value, 1);
      this.cellBox[key].setAttribute("fill", css(rgb));
      this.cellText[key].setAttribute("fill", textOn(rgb));
      this.cellCaption[key].setAttribute("fill", textOn(rgb));
      this.cellText[key].textContent = fmt(value);
      this.cellText[key].dataset.value = String(value);
    }
    const values = {
      c_prev: this.prevState("c", t, u),
      c: this.v("c", t, u),
      h_prev: this.d.outputSize === this.d.units ? this.prevState("h", t, u) : NaN,
      h: this.d.outputSize === this.d.units ? this.v("h", t, u) : NaN,
    };
    for (const [key, value] of Object.entries(values)) {
      this.cellText[key].textContent = fmt(value);
      this.cellText[key].dataset.value = String(value);
    }
    this.cellText.x.textContent = `x_t = “${this.d.tokens[t]}”`;
  }

  updateEquations() {
    const t = this.step, u = this.unit, box = this.q(".lx-equations");
    this.q(".lx-unit-title").textContent = `${this.t.unit} ${u} · t = ${t + 1} · ${this.t.token} “${this.d.tokens[t]}”`;
    const lines = [];
    const gate = (name, fn, label, sub) => {
      const pre = this.v(`${name}_pre`, t, u), value = this.v(name, t, u);
      lines.push([`${label} = ${fn}(W_${sub}·[h_{t−1}, x_t] + b_${sub}) = ${fn}(${fmt(pre)}) = ${fmt(value, 3)}`, name, value]);
    };
    if (this.d.kind === "lstm") {
      gate("f", "σ", "f_t", "f");
      gate("i", "σ", "i_t", "i");
      gate("g", "tanh", "C̃_t", "C̃");
      const f = this.v("f", t, u), i = this.v("i", t, u), g = this.v("g", t, u), c = this.v("c", t, u);
      const cp = this.prevState("c", t, u);
      lines.push([`C_t = f_t ⊗ C_{t−1} ⊕ i_t ⊗ C̃_t = ${op(f)}·${op(cp)} + ${op(i)}·${op(g)} = ${fmt(c, 3)}`, "c", c]);
      gate("o", "σ", "o_t", "o");
      if (this.d.outputSize === this.d.units) {
        const o = this.v("o", t, u), h = this.v("h", t, u);
        lines.push([`h_t = o_t ⊗ tanh(C_t) = ${op(o)}·tanh(${fmt(c)}) = ${fmt(h, 3)}`, "h", h]);
      }
    } else if (this.d.kind === "gru") {
      gate("r", "σ", "r_t", "r");
      gate("z", "σ", "z_t", "z");
      const n = this.v("n", t, u);
      lines.push([`n_t = tanh(W_n·x_t + b_n + r_t ⊙ (U_n·h_{t−1} + c_n)) = tanh(${fmt(this.v("n_pre", t, u))}) = ${fmt(n, 3)}`, "n", n]);
      const z = this.v("z", t, u), h = this.v("h", t, u), hp = this.prevState("h", t, u);
      lines.push([`h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1} = ${op(1 - z)}·${op(n)} + ${op(z)}·${op(hp)} = ${fmt(h, 3)}`, "h", h]);
    } else {
      const h = this.v("h", t, u);
      lines.push([`h_t = tanh(W_h·h_{t−1} + W_x·x_t + b_h) = tanh(${fmt(this.v("h_pre", t, u))}) = ${fmt(h, 3)}`, "h", h]);
    }
    const nodes = lines.map(([text, name, value]) => {
      const div = el("div", { "data-name": name, "data-value": String(value) }, text);
      return div;
    });
    if (this.d.kind === "lstm") nodes.push(el("div", { class: "lx-note" }, this.t.slip));
    box.replaceChildren(...nodes);
  }

  paintColoured() {
    const name = this.q(".lx-colour-state").value || "h";
    const u = this.unit, range = this.ranges[name] || 1;
    const spans = this.d.tokens.map((tok, t) => {
      const value = this.v(name, t, u);
      const rgb = colourOf(name, value, range);
      const span = el("span", { title: `${tok}: ${fmt(value, 3)}`, "data-value": String(value) }, tok === "\n" ? "↵\n" : isPiece(tok) ? tok.slice(2) : tok);
      span.style.background = css(rgb);
      span.style.color = textOn(rgb);
      return span;
    });
    const box = this.q(".lx-coloured");
    const joiner = this.d.tokens.every((tok) => tok.length === 1) ? "" : " ";
    box.replaceChildren();
    spans.forEach((span, k) => {
      if (k && joiner && !isPiece(this.d.tokens[k])) box.appendChild(document.createTextNode(joiner));
      box.appendChild(span);
    });
  }

  // ---- per-unit bars at step t ----
  buildBars() {
    const box = this.q(".lx-bars");
    box.replaceChildren();
    this.barRows = [];
    const rows = this.d.kind === "lstm"
      ? [["f", "f_t"], ["i", "i_t"], ["o", "o_t"], ["g", "C̃_t"], ["forgotten", this.t.forgotten], ["written", this.t.written], ["c", "C_t"], ["h", "h_t"]]
      : [...this.gates.map((g) => [g, GATE_LABEL[g]]), ["h", "h_t"]];
    for (const [key, label] of rows) {
      box.appendChild(el("div", { class: "lx-bar-label" }, label));
      const canvas = el("canvas", { "data-name": key });
      canvas.width = 900;
      canvas.height = 46;
      box.appendChild(canvas);
      canvas.addEventListener("click", (e) => {
        const rect = canvas.getBoundingClientRect();
        const k = Math.floor(((e.clientX - rect.left) / rect.width) * this.d.units);
        this.selectUnit(this.sorted[Math.min(Math.max(k, 0), this.d.units - 1)]);
      });
      this.barRows.push([key, canvas]);
    }
  }

  barValue(key, t, u) {
    if (key === "forgotten") return (1 - this.v("f", t, u)) * this.prevState("c", t, u);
    if (key === "written") return this.v("i", t, u) * this.v("g", t, u);
    return this.v(key, t, u);
  }

  updateBars() {
    const t = this.step, n = this.d.units, order = this.sorted;
    for (const [key, canvas] of this.barRows) {
      if (key === "h" && this.d.outputSize !== n) continue;
      const ctx = canvas.getContext("2d");
      const W = canvas.width, H = canvas.height, w = W / n;
      ctx.clearRect(0, 0, W, H);
      const gate = isGate(key);
      const range = gate ? 1 : key === "g" || key === "h" ? 1 : key === "forgotten" || key === "written" ? this.ranges.moved : Math.max(this.ranges.c || 1, 1e-6);
      const base = gate ? H : H / 2;
      ctx.fillStyle = "#d0d7de";
      ctx.fillRect(0, base - 0.5, W, 1);
      for (let k = 0; k < n; k++) {
        const u = order[k];
        const value = this.barValue(key, t, u);
        const height = gate ? value * H : (value / range) * (H / 2);
        ctx.fillStyle = css(colourOf(gate ? key : "c", value, range));
        ctx.fillRect(k * w, base - Math.max(height, 0), Math.max(w - (n < 120 ? 1 : 0), 1), Math.abs(height));
        if (u === this.unit) {
          ctx.strokeStyle = "#ff2d55";
          ctx.lineWidth = 2;
          ctx.strokeRect(k * w, 1, Math.max(w, 2), H - 2);
        }
      }
    }
  }

  // ---- heatmaps: painted once per sentence (and per sort), then only markers move ----
  buildHeatmaps() {
    const box = this.q(".lx-heatmaps");
    box.replaceChildren();
    this.heat = [];
    const tooltip = this.q(".lx-tooltip");
    for (const name of [...this.gates, ...this.states]) {
      const wrap = el("div", { class: "lx-heat", "data-name": name });
      const title = el("div", { class: "lx-heat-title" });
      title.appendChild(el("span", {}, GATE_LABEL[name]));
      const button = el("button", { type: "button", class: "lx-png", "data-png": `heat:${name}` }, "PNG");
      title.appendChild(button);
      wrap.appendChild(title);
      const inner = el("div", { class: "lx-heat-wrap" });
      const canvas = el("canvas", { "data-name": name });
      const width = name === "h" ? this.d.outputSize : this.d.units;
      const marker = el("div", { class: "lx-marker" });
      const unitLine = el("div", { class: "lx-unit-line" });
      inner.append(canvas, marker, unitLine);
      wrap.appendChild(inner);
      box.appendChild(wrap);
      canvas.addEventListener("mousemove", (e) => {
        const [t, u] = this.cellAt(canvas, e, width);
        tooltip.hidden = false;
        tooltip.style.left = `${e.clientX + 14}px`;
        tooltip.style.top = `${e.clientY + 10}px`;
        tooltip.textContent = `${this.t.token} “${this.d.tokens[t]}” (t = ${t + 1})\n${this.t.unit} ${u}\n${GATE_LABEL[name]} = ${fmt(this.v(name, t, u), 4)}`;
      });
      canvas.addEventListener("mouseleave", () => { tooltip.hidden = true; });
      canvas.addEventListener("click", (e) => {
        const [t, u] = this.cellAt(canvas, e, width);
        this.unit = u;
        this.step = t;
        this.paintColoured();
        this.update();
      });
      this.heat.push({ name, canvas, marker, unitLine, width });
    }
  }

  cellAt(canvas, e, width) {
    const rect = canvas.getBoundingClientRect();
    const t = Math.min(this.d.T - 1, Math.max(0, Math.floor(((e.clientX - rect.left) / rect.width) * this.d.T)));
    const row = Math.min(width - 1, Math.max(0, Math.floor(((e.clientY - rect.top) / rect.height) * width)));
    return [t, width === this.d.units ? this.sorted[row] : row];
  }

  paintHeatmaps() {
    this.sorted = this.order();
    for (const h of this.heat) {
      const range = this.ranges[h.name] || 1;
      const rowUnit = (row) => (h.width === this.d.units ? this.sorted[row] : row);
      paintGrid(h.canvas, h.width, this.d.T, (row, t) => colourOf(h.name, this.v(h.name, t, rowUnit(row)), range));
    }
  }

  // ---- every layer and direction at once: h_t heatmaps, stacked ----
  buildStack() {
    const box = this.q(".lx-stack");
    box.replaceChildren();
    this.stackMarkers = [];
    this.q(".lx-stack-panel").hidden = this.d.stack.length < 2;
    for (const item of this.d.stack) {
      const values = decode(item.h);
      let m = 1e-6;
      for (const v of values) m = Math.max(m, Math.abs(v));
      const wrap = el("div", { class: "lx-heat" });
      const dirName = item.direction === 0 ? "→" : "←";
      wrap.appendChild(el("div", { class: "lx-heat-title" }, `${this.t.layerWord} ${item.layer} ${dirName} · h_t`));
      const inner = el("div", { class: "lx-heat-wrap" });
      const canvas = el("canvas", { "data-layer": String(item.layer), "data-direction": String(item.direction) });
      paintGrid(canvas, item.units, this.d.T, (u, t) => colourOf("h", values[t * item.units + u], m));
      const marker = el("div", { class: "lx-marker" });
      inner.append(canvas, marker);
      wrap.appendChild(inner);
      box.appendChild(wrap);
      this.stackMarkers.push(marker);
    }
  }

  updateMarkers() {
    const t = this.step, T = this.d.T;
    for (const marker of this.stackMarkers) {
      marker.style.left = `${(t / T) * 100}%`;
      marker.style.width = `${Math.max(100 / T, 0.6)}%`;
    }
    for (const h of this.heat) {
      h.marker.style.left = `${(t / T) * 100}%`;
      h.marker.style.width = `${Math.max(100 / T, 0.6)}%`;
      const row = h.width === this.d.units ? this.sorted.indexOf(this.unit) : this.unit;
      h.unitLine.style.top = `${((row + 0.5) / h.width) * 100}%`;
      h.unitLine.hidden = row < 0 || row >= h.width;
    }
  }

  // ---- predictions ----
  buildPrediction() {
    const box = this.q(".lx-pred");
    box.replaceChildren();
    const p = this.d.predictions;
    if (!p) { box.appendChild(el("p", {}, this.t.noPred)); return; }
    if (p.kind === "lm") {
      this.topk = el("div", { class: "lx-topk", "data-testid": "lx-topk" });
      box.appendChild(this.topk);
      return;
    }
    this.probs = decode(p.probs);
    if (p.kind === "tag") {
      const strip = el("div", { class: "lx-tags", "data-testid": "lx-tags" });
      this.tagNodes = this.d.tokens.map((tok, t) => {
        let best = 0;
        for (let c = 1; c < p.classes; c++) if (this.probs[t * p.classes + c] > this.probs[t * p.classes + best]) best = c;
        const node = el("span", { class: "lx-tag", "data-pred": String(best) }, `${tok}: ${p.labels[best]}`);
        node.style.background = best ? "#ffe8a3" : "#f6f8fa";
        const truth = this.d.trueLabels;
        if (truth) node.appendChild(el("span", { class: "lx-true" }, `${this.t.truth}: ${p.labels[truth[t]]}`));
        strip.appendChild(node);
        return node;
      });
      box.appendChild(strip);
      box.appendChild(el("div", { class: "lx-pred-readout", "data-testid": "lx-pred-readout" }));
      return;
    }
    const W = 640, H = 240, L = 50, R = 120, B = 40, TOP = 10;
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, "data-testid": "lx-pred-chart" });
    const x = (t) => L + (this.d.T === 1 ? 0.5 : t / (this.d.T - 1)) * (W - L - R);
    const y = (v) => TOP + (1 - v) * (H - TOP - B);
    for (const v of [0, 0.5, 1]) {
      chart.appendChild(svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: "#d0d7de" }));
      chart.appendChild(svg("text", { x: L - 6, y: y(v) + 5, "text-anchor": "end", "font-size": 14 }, String(v)));
    }
    const colours = ["#b2182b", "#9aa5b1", "#2166ac", "#35b779", "#fdae61", "#762a83", "#1b7837", "#e08214"];
    for (let c = 0; c < p.classes; c++) {
      const points = [];
      for (let t = 0; t < this.d.T; t++) points.push(`${x(t)},${y(this.probs[t * p.classes + c])}`);
      const colour = p.classes === 2 && c === 0 ? "#b2182b" : p.classes === 2 ? "#2166ac" : colours[c % colours.length];
      chart.appendChild(svg("polyline", { points: points.join(" "), fill: "none", stroke: colour, "stroke-width": 3 }));
      const last = this.probs[(this.d.T - 1) * p.classes + c];
      chart.appendChild(svg("text", { x: W - R + 6, y: y(last) + 5, "font-size": 14, fill: colour }, p.labels[c]));
    }
    const step = Math.max(1, Math.ceil(this.d.T / 14));
    this.d.tokens.forEach((tok, t) => {
      if (t % step === 0) chart.appendChild(svg("text", { x: x(t), y: H - 14, "text-anchor": "middle", "font-size": 12 }, tok.length > 8 ? tok.slice(0, 7) + "…" : tok));
    });
    this.predMarker = svg("line", { y1: TOP, y2: H - B, stroke: "#ff2d55", "stroke-width": 2 });
    this.predX = x;
    chart.appendChild(this.predMarker);
    box.appendChild(chart);
    box.appendChild(el("div", { class: "lx-pred-readout", "data-testid": "lx-pred-readout" }));
  }

  updatePrediction() {
    const p = this.d.predictions, t = this.step;
    if (!p) return;
    if (p.kind === "lm") {
      const nextToken = t + 1 < this.d.T ? this.d.tokens[t + 1] : null;
      const rows = [];
      p.top[t].forEach((tok, k) => {
        const mark = tok === nextToken ? " ✓" : "";
        rows.push(el("div", {}, shown(tok) + mark));
        const bar = el("div", { class: "lx-bar" });
        bar.style.width = `${p.topProbs[t][k] * 100}%`;
        rows.push(bar);
        rows.push(el("div", { "data-value": String(p.topProbs[t][k]) }, fmt(p.topProbs[t][k], 3)));
      });
      this.topk.replaceChildren(...rows);
      return;
    }
    const readout = this.q(".lx-pred-readout");
    let best = 0;
    for (let c = 1; c < p.classes; c++) if (this.probs[t * p.classes + c] > this.probs[t * p.classes + best]) best = c;
    const pr = this.probs[t * p.classes + best];
    const truth = p.kind === "classify" && this.d.trueLabel !== null && this.d.trueLabel !== undefined ? ` · ${this.t.truth}: ${p.labels[this.d.trueLabel]}` : "";
    readout.textContent = `t = ${t + 1}: ${p.labels[best]} (${fmt(pr * 100, 1)}%)${truth}`;
    readout.dataset.value = String(pr);
    if (p.kind === "tag") {
      this.q(".lx-tag.lx-current")?.classList.remove("lx-current");
      this.tagNodes[t].classList.add("lx-current");
    } else {
      this.predMarker.setAttribute("x1", this.predX(t));
      this.predMarker.setAttribute("x2", this.predX(t));
    }
  }

  // ---- gate saturation (Karpathy et al. 2015) ----
  buildSaturation() {
    const box = this.q(".lx-sat");
    box.replaceChildren();
    const gates = this.gates.filter(isGate);
    if (!gates.length) { box.appendChild(el("p", {}, "—")); return; }
    const S = 210, pad = 36;
    const chart = svg("svg", { viewBox: `0 0 ${S * gates.length} ${S + 30}`, "data-testid": "lx-sat-chart" });
    gates.forEach((name, k) => {
      const ox = k * S;
      chart.appendChild(svg("rect", { x: ox + pad, y: 8, width: S - pad - 8, height: S - pad - 8, fill: "none", stroke: "#57606a" }));
      chart.appendChild(svg("text", { x: ox + S / 2 + 10, y: S + 4, "text-anchor": "middle", "font-size": 12 }, this.t.left));
      chart.appendChild(svg("text", { x: ox + 12, y: S / 2, "font-size": 12, transform: `rotate(-90 ${ox + 12} ${S / 2})`, "text-anchor": "middle" }, this.t.right));
      chart.appendChild(svg("text", { x: ox + pad + 6, y: 24, "font-size": 16, "font-weight": 700 }, GATE_LABEL[name]));
      const span = S - pad - 8;
      const fromSample = this.q(".lx-sat-source").value === "sample" && this.d.satSample[name];
      for (let u = 0; u < this.d.units; u++) {
        let lo = 0, hi = 0;
        if (fromSample) {
          lo = this.d.satSample[name].lo[u];
          hi = this.d.satSample[name].hi[u];
        } else {
          for (let t = 0; t < this.d.T; t++) { const v = this.v(name, t, u); if (v < 0.1) lo++; else if (v > 0.9) hi++; }
          lo /= this.d.T;
          hi /= this.d.T;
        }
        const dot = svg("circle", { cx: ox + pad + lo * span, cy: 8 + (1 - hi) * span, r: 3.5, fill: u === this.unit ? "#ff2d55" : "#1f5fbf", "fill-opacity": 0.6 });
        dot.appendChild(svg("title", {}, `${this.t.unit} ${u}: <0.1 ${fmt(lo)}, >0.9 ${fmt(hi)}`));
        dot.addEventListener("click", () => this.selectUnit(u));
        chart.appendChild(dot);
      }
    });
    box.appendChild(chart);
  }

  png(which) {
    const base = `lstm-lens-${which.replace(":", "-")}-t${this.step + 1}`;
    if (which === "cell") svgToPng(this.q(".lx-cell"), `${base}.png`);
    else if (which === "pred") { const s = this.q(".lx-pred svg"); if (s) svgToPng(s, `${base}.png`); }
    else if (which === "sat") { const s = this.q(".lx-sat svg"); if (s) svgToPng(s, `${base}.png`); }
    else if (which === "bars") {
      const rows = this.barRows.map(([, c]) => c);
      const out = el("canvas");
      out.width = rows[0].width;
      out.height = rows.length * (rows[0].height + 4);
      const ctx = out.getContext("2d");
      ctx.fillStyle = "white";
      ctx.fillRect(0, 0, out.width, out.height);
      rows.forEach((c, k) => ctx.drawImage(c, 0, k * (c.height + 4)));
      download(out.toDataURL("image/png"), `${base}.png`);
    } else if (which.startsWith("heat:")) {
      const h = this.heat.find((x) => x.name === which.slice(5));
      download(h.canvas.toDataURL("image/png"), `${base}.png`);
    }
  }
}

// Paint rows × columns cells with whole-pixel cells, so the scaled canvas keeps columns equal
// and the step marker lines up with its column.
function paintGrid(canvas, rows, columns, colourAt) {
  const cw = Math.max(1, Math.ceil(600 / columns));
  const ch = Math.max(1, Math.ceil(200 / rows));
  canvas.width = columns * cw;
  canvas.height = rows * ch;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(canvas.width, canvas.height);
  const data = image.data;
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < columns; col++) {
      const rgb = colourAt(row, col);
      for (let y = row * ch; y < (row + 1) * ch; y++) {
        let p = (y * canvas.width + col * cw) * 4;
        for (let x = 0; x < cw; x++, p += 4) {
          data[p] = rgb[0]; data[p + 1] = rgb[1]; data[p + 2] = rgb[2]; data[p + 3] = 255;
        }
      }
    }
  }
  ctx.putImageData(image, 0, 0);
}

function pearson(get, target, n) {
  let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (let t = 0; t < n; t++) {
    const x = get(t), y = target[t];
    sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
  }
  const cov = sxy / n - (sx / n) * (sy / n);
  const den = Math.sqrt(Math.max(sxx / n - (sx / n) ** 2, 0) * Math.max(syy / n - (sy / n) ** 2, 0));
  return den > 0 ? cov / den : 0;
}

export default function (component) {
  const { data, parentElement } = component;
  const root = parentElement.querySelector(".lx");
  if (!root || !data) return undefined;
  if (!root.__explorer) root.__explorer = new Explorer(root);
  const explorer = root.__explorer;
  if (explorer.loadedId !== data.id) {
    explorer.loadedId = data.id;
    explorer.stop();
    explorer.load(data);
  }
  window.__lstmLens = explorer;  // for the end-to-end tests and the browser benchmark
  return () => {
    if (!root.isConnected) explorer.destroy();
  };
}
