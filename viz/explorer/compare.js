// The compare view: several models read one input, and one step state steps them all. One token
// strip, one set of controls and keys (keys.js); one panel per model with its cell diagram
// (LstmDiagram in cell.js, GruDiagram, RnnDiagram), the equations with this step's numbers, and
// the model's answer after this step. Every number comes from the payload (viz/compare_data.py).

class ComparePanel {
  constructor(cmp, m) {
    this.cmp = cmp;
    this.m = m;
    this.unit = m.unit;
    this.arrays = {};
    for (const [name, b64] of Object.entries(m.arrays)) this.arrays[name] = decode(b64);
    const t = cmp.t;
    this.node = el("section", { class: "lx-panel lc-panel", "data-testid": "lc-panel", "data-model": m.name, "data-kind": m.kind });
    const title = el("h4");
    title.appendChild(el("span", { class: "lc-title" }, m.title));
    title.appendChild(el("span", { class: "lc-kind" }, m.kind.toUpperCase()));
    this.select = el("select", { class: "lc-unit", "data-testid": "lc-unit" });
    for (let u = 0; u < m.units; u++) this.select.appendChild(el("option", { value: String(u) }, String(u)));
    this.select.value = String(this.unit);
    this.select.addEventListener("change", (e) => { e.target.blur(); this.unit = Number(e.target.value); this.update(cmp.state.step); });
    const unitLabel = el("label", { class: "lc-unit-label" }, `${t.unit} `);
    unitLabel.appendChild(this.select);
    const header = el("header");
    header.append(title, unitLabel);
    this.answer = el("div", { class: "lc-answer" });
    this.readout = el("div", { class: "lc-readout", "data-testid": "lc-answer" });
    this.answer.appendChild(this.readout);
    this.bars = this.buildBars();
    if (this.bars) this.answer.appendChild(this.bars);
    const body = el("div", { class: "lc-body" });
    const cell = svg("svg", { class: "lx-cell lc-cell", "data-testid": "lc-cell", role: "img" });
    this.equations = el("div", { class: "lx-equations lc-equations", "data-testid": "lc-equations" });
    body.append(cell, this.equations);
    this.chips = el("div", { class: "lc-chips", "data-testid": "lc-chips" });
    this.node.append(header, this.answer, body, this.chips);
    this.diagram = new (diagramClass(m.kind))(cell, m.schema.labels, t, { theme: cmp.d.theme });
    this.chipNames = { lstm: ["f", "i", "g", "o", "c_prev", "c", "h_prev", "h"], gru: ["r", "z", "n", "h_prev", "zh", "zn", "h"], rnn: ["h_prev", "h_pre", "h"] }[m.kind];
    this.chipNodes = this.chipNames.map((name) => {
      const chip = el("div", { class: "lc-chip", "data-name": name });
      chip.append(el("span", { class: "lc-chip-name" }, chipName(name, m.schema.labels)), el("span", { class: "lc-chip-value" }));
      this.chips.appendChild(chip);
      return chip;
    });
  }

  // Bars of every class's probability (up to 12 classes), the truth outlined.
  buildBars() {
    const p = this.m.prediction;
    if (!p || !p.probs) return null;
    const box = el("div", { class: "lc-probs", "data-testid": "lc-probs" });
    this.barNodes = p.labels.map((label, c) => {
      const col = el("div", { class: "lc-prob" + (p.truth === c ? " lc-truth" : ""), title: label });
      const frame = el("div", { class: "lc-bar-box" });
      const bar = el("div", { class: "lc-bar" });
      frame.appendChild(bar);
      col.append(frame, el("span", {}, label));
      box.appendChild(col);
      return { col, bar };
    });
    return box;
  }

  // value of array `name` at step t, unit u (row-major (T, width)); "h_prev", "c_prev" are arrays too
  value(name, t, u) {
    const width = this.m.widths[name];
    return this.arrays[name][t * width + u];
  }

  update(t) {
    const m = this.m, u = this.unit, cmp = this.cmp;
    const value = (name) => this.value(name, t, u);
    this.diagram.update(value, cmp.d.tokens[t]);
    this.equations.replaceChildren(...cellEquations(m.kind, m.schema.labels, value).map(([text, name, v]) => el("div", { "data-name": name, "data-value": String(v) }, text)));
    this.chipNames.forEach((name, k) => {
      const v = value(name), bounded = m.schema.bounded.includes(name), rgb = colourOf(bounded, v, 1);
      const chip = this.chipNodes[k];
      chip.style.background = css(rgb);
      chip.style.color = textOn(rgb);
      setValue(chip.lastChild, v);
    });
    this.node.dataset.step = String(t + 1);
    this.node.dataset.unit = String(u);
    this.updateAnswer(t);
  }

  updateAnswer(t) {
    const p = this.m.prediction, words = this.cmp.t;
    if (!p) { this.readout.textContent = ""; return; }
    if (p.kind === "lm") {
      this.readout.replaceChildren(`${words.answer}: `, ...p.top[t].flatMap((tok, k) => [el("b", {}, shown(tok)), ` ${fmt(p.topProbs[t][k] * 100, 0)}%  `]));
      return;
    }
    const best = p.best[t];
    const parts = [`${words.answer}: `, el("b", {}, p.labels[best]), ` (${fmt(p.bestProb[t] * 100, 1)}%) `];
    if (p.right) {
      const right = p.right[t];
      parts.push(el("span", { class: `lc-verdict ${right ? "lc-right" : "lc-wrong"}` }, right ? `✓ ${words.answerRight}` : `✗ ${words.answerWrong}`));
    }
    this.readout.replaceChildren(...parts);
    this.readout.dataset.label = p.labels[best];
    this.readout.dataset.value = String(p.bestProb[t]);
    if (this.barNodes) {
      this.barNodes.forEach(({ col, bar }, c) => {
        const pr = p.probs[t][c];
        bar.style.height = `${Math.max(pr * 100, 1)}%`;
        col.classList.toggle("lc-best", c === best);
        col.title = `${p.labels[c]}: ${fmt(pr * 100, 1)}%`;
      });
    }
  }
}

// A chip's name: the schema's label, or the state before the step, or a GRU term.
function chipName(name, labels) {
  return { h_prev: "h_{t−1}", c_prev: "C_{t−1}", zh: "z ⊙ h_{t−1}", zn: "(1 − z) ⊙ n", h_pre: "∑ (tanh ←)" }[name] || labels[name];
}

class Compare {
  constructor(root) {
    this.root = root;
    this.timer = null;
    this.reportTimer = null;
    this.state = { step: 0 };
    this.q = (sel) => root.querySelector(sel);
    this.projector = { cycle() {} };  // keys.js asks for it; the compare view has one layout
    this.bind();
    this.unbindKeys = bindKeys(this);
  }

  bind() {
    this.q(".lx-controls").addEventListener("click", (e) => {
      const button = e.target.closest("button");
      const act = button?.dataset.act;
      if (!act) return;
      button.blur();
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
  }

  destroy() {
    this.stop();
    clearTimeout(this.reportTimer);
    this.unbindKeys();
  }

  load(d) {
    this.d = d;
    this.t = d.text;
    usePalette(d.theme);
    const style = this.root.style;
    style.setProperty("--lx-font-family", d.theme.fontFamily);
    style.setProperty("--lx-font-size", `${d.theme.fontSize}px`);
    style.setProperty("--lx-highlight", d.theme.highlight);
    style.setProperty("--lx-model", d.theme.model);
    style.setProperty("--lc-count", String(d.models.length));
    this.root.classList.toggle("lx-projector", Boolean(d.projector));
    this.root.classList.toggle("lc-projector", Boolean(d.projector));
    this.root.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = this.t[n.dataset.i18n] || ""; });
    this.q(".lx-slider").max = String(d.T);
    this.buildTokens();
    this.panels = d.models.map((m) => new ComparePanel(this, m));
    this.q(".lc-panels").replaceChildren(...this.panels.map((p) => p.node));
    this.state = { step: d.step };
    this.update();
  }

  go(t) {
    if (!this.d) return;
    const step = Math.min(Math.max(Math.round(t), 0), this.d.T - 1);
    if (step === this.state.step) return;
    this.state = { step };
    this.update();
  }

  // One step for every panel: the strip, the readout, then each model's diagram and answer.
  update() {
    const d = this.d, t = this.state.step;
    this.q(".lx-token.lx-current")?.classList.remove("lx-current");
    const current = this.tokenNodes[t];
    current.classList.add("lx-current");
    if (d.projector) {
      const strip = this.q(".lx-tokens");
      const left = current.offsetLeft - strip.offsetLeft;
      if (left < strip.scrollLeft || left + current.offsetWidth > strip.scrollLeft + strip.clientWidth) strip.scrollLeft = left - strip.clientWidth / 3;
    }
    this.q(".lx-readout").textContent = `${t + 1} / ${d.T}`;
    this.q(".lx-slider").value = String(t + 1);
    this.root.dataset.step = String(t + 1);
    for (const panel of this.panels) panel.update(t);
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

  // The step lives in the address bar (a copied link opens it), as in the explorer.
  report() {
    clearTimeout(this.reportTimer);
    this.reportTimer = setTimeout(() => {
      const url = new URL(window.location.href);
      const step = String(this.state.step + 1);
      if (url.searchParams.get("step") === step) return;
      url.searchParams.set("step", step);
      window.history.replaceState(window.history.state, "", url);
    }, 150);
  }

  buildTokens() {
    const strip = this.q(".lx-tokens");
    strip.replaceChildren();
    this.tokenNodes = this.d.tokens.map((tok, t) => {
      const unknown = this.d.unknown[t];
      const node = el("span", { class: "lx-token" + (unknown ? " lx-unknown" : ""), "data-t": String(t), title: `t = ${t + 1} · ${tok}${unknown ? " · <unk>" : ""}` }, shown(tok));
      strip.appendChild(node);
      return node;
    });
  }
}

export default function (component) {
  const { data, parentElement } = component;
  const root = parentElement.querySelector(".lc");
  if (!root || !data) return undefined;
  if (!root.__compare) root.__compare = new Compare(root);
  const compare = root.__compare;
  if (compare.loadedId !== data.id) {
    compare.loadedId = data.id;
    compare.stop();
    compare.load(data);
  }
  return () => {
    if (!root.isConnected) compare.destroy();
  };
}
