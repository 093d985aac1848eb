// The cell diagram (hand-drawn SVG), the equations with this step's numbers, and the input coloured
// by the chosen unit. Redrawn on every step from the payload's arrays: no figure library in the loop.

class CellView {
  constructor(ex) {
    this.ex = ex;
    this.node = ex.q(".lx-cell");
    ex.q(".lx-colour-state").addEventListener("change", (e) => { e.target.blur(); this.paintColoured(); });
  }

  build() {
    const ex = this.ex, d = ex.d, labels = ex.schema.labels;
    const select = ex.q(".lx-colour-state");
    const keep = select.value, names = [...ex.schema.states, ...ex.schema.gates];
    select.replaceChildren(...names.map((s) => el("option", { value: s }, labels[s])));
    select.value = names.includes(keep) ? keep : ex.schema.states[ex.schema.states.length - 1];
    this.diagram = new (diagramClass(d.kind))(this.node, labels, ex.t, { highlight: d.highlight, theme: ex.theme });
  }

  // The value a diagram or equation names at step t, unit u: "h_prev" / "c_prev" is the state
  // before the step (the initial state at the first step read); with proj_size, h is not per unit.
  value(name, t, u) {
    const ex = this.ex, full = ex.d.outputSize === ex.d.units;
    if ((name === "h" || name === "h_prev") && ex.d.kind === "lstm" && !full) return NaN;
    return name.endsWith("_prev") ? ex.prevState(name.slice(0, -5), t, u) : ex.v(name, t, u);
  }

  update() {
    const ex = this.ex, d = ex.d, t = ex.state.step, u = ex.state.unit;
    ex.q(".lx-unit-title").textContent = `${ex.t.unit} ${u} · t = ${t + 1} · ${ex.t.token} “${d.tokens[t]}”`;
    const value = (name) => this.value(name, t, u);
    this.diagram.update(value, d.tokens[t]);
    const nodes = cellEquations(d.kind, ex.schema.labels, value).map(([text, name, v]) => el("div", { "data-name": name, "data-value": String(v) }, text));
    if (d.kind === "lstm") nodes.push(el("div", { class: "lx-note" }, ex.t.slip));
    ex.q(".lx-equations").replaceChildren(...nodes);
  }

  // The input coloured by the chosen unit's value of one gate or state: redrawn when the unit changes.
  paintColoured() {
    const ex = this.ex, d = ex.d;
    const name = ex.q(".lx-colour-state").value || "h";
    const u = ex.state.unit, range = d.ranges[name] || 1, bounded = ex.schema.bounded.includes(name);
    const box = ex.q(".lx-coloured");
    const joiner = d.tokens.every((tok) => tok.length === 1) ? "" : " ";
    box.replaceChildren();
    d.tokens.forEach((tok, t) => {
      const value = ex.v(name, t, u);
      const rgb = colourOf(bounded, value, range);
      const span = el("span", { title: `${tok}: ${fmt(value, 3)}`, "data-value": String(value) }, tok === "\n" ? "↵\n" : isPiece(tok) ? tok.slice(2) : tok);
      span.style.background = css(rgb);
      span.style.color = textOn(rgb);
      if (t && joiner && !isPiece(tok)) box.appendChild(document.createTextNode(joiner));
      box.appendChild(span);
    });
  }

  png() { svgToPng(this.node, `lstm-lens-cell-t${this.ex.state.step + 1}.png`); }
}

// The LSTM cell as the lecture draws it: the cell-state highway C on top, the gates f, i, C̃, o
// below, each box coloured by its value. `value(name)` gives a number ("c_prev", "h_prev": before
// the step); the diagram only draws. The explorer and the compare page both use it.
class LstmDiagram {
  constructor(node, labels, words, options = {}) {
    this.node = node;
    this.labels = labels;
    this.text = {};
    this.box = {};
    this.caption = {};
    node.replaceChildren();
    node.setAttribute("viewBox", "0 0 720 330");
    const line = (x1, y1, x2, y2, w = 3) => node.appendChild(svg("line", { x1, y1, x2, y2, stroke: "#57606a", "stroke-width": w }));
    line(70, 60, 650, 60, 5).setAttribute("data-part", "cell");  // the cell-state highway
    line(70, 270, 170, 270);
    line(170, 270, 170, 210);
    line(130, 210, 520, 210);
    line(600, 270, 650, 270);
    const sym = (x, y, s, part) => {
      node.appendChild(svg("circle", { cx: x, cy: y, r: 16, fill: "white", stroke: "#57606a", "stroke-width": 2, "data-part": part }));
      node.appendChild(svg("text", { x, y: y + 6, "text-anchor": "middle", "font-size": 20, class: "lx-sym" }, s));
    };
    const box = (key, x, y, fn) => {
      line(x, 210, x, y + 24);
      const part = { f: "forget", i: "input", g: "input", o: "output" }[key];
      const rect = svg("rect", { x: x - 52, y: y - 30, width: 104, height: 60, rx: 8, stroke: "#1b1f24", "stroke-width": 1.5, "data-name": key, "data-part": part });
      node.appendChild(rect);
      const caption = svg("text", { x, y: y - 8, "text-anchor": "middle", "font-size": 17, "font-weight": 700, class: "lx-caption lx-box-caption" });
      caption.append(svg("tspan", { class: "lx-fn" }, `${fn} `), svg("tspan", {}, labels[key]));  // projector mode leaves σ/tanh to the equations
      node.appendChild(caption);
      const value = svg("text", { x, y: y + 21, "text-anchor": "middle", "font-size": 23, "font-weight": 700, "data-name": key, class: "lx-value" });
      node.appendChild(value);
      this.caption[key] = caption;
      this.box[key] = rect;
      this.text[key] = value;
    };
    box("f", 190, 150, "σ");
    box("i", 310, 150, "σ");
    box("g", 430, 150, "tanh");
    box("o", 550, 150, "σ");
    line(190, 120, 190, 76);
    line(310, 120, 310, 100); line(310, 100, 365, 100);
    line(430, 120, 430, 100); line(430, 100, 365, 100); line(365, 100, 365, 76);
    line(550, 120, 550, 100); line(550, 100, 600, 100);
    line(600, 60, 600, 84); line(600, 116, 600, 254);
    sym(190, 60, "⊗", "forget"); sym(365, 60, "⊕", "cell"); sym(365, 100, "⊗", "input"); sym(600, 270, "⊗", "output");
    node.appendChild(svg("rect", { x: 570, y: 86, width: 60, height: 28, rx: 14, fill: "white", stroke: "#57606a", "stroke-width": 2 }));
    node.appendChild(svg("text", { x: 600, y: 106, "text-anchor": "middle", "font-size": 16, class: "lx-sym" }, "tanh"));
    const label = (key, x, y, anchor, caption) => {
      node.appendChild(svg("text", { x, y: y - 24, "text-anchor": anchor, "font-size": 17, fill: "#57606a", class: "lx-caption lx-side" }, caption));
      // a white halo: a negative value's minus sign would otherwise vanish into the line it ends
      const value = svg("text", { x, y, "text-anchor": anchor, "font-size": 23, "font-weight": 700, "data-name": key, class: "lx-value",
                                  "paint-order": "stroke", stroke: "white", "stroke-width": 5, "stroke-linejoin": "round" });
      node.appendChild(value);
      this.text[key] = value;
    };
    label("c_prev", 10, 66, "start", "C_{t−1}");
    label("c", 710, 66, "end", labels.c);
    label("h_prev", 10, 276, "start", "h_{t−1}");
    label("h", 710, 276, "end", labels.h);
    label("x", 120, 318, "middle", "");
    node.appendChild(svg("text", { x: 400, y: 318, "font-size": 17, fill: "#57606a", class: "lx-caption" }, "h_t = o_t ⊙ tanh(C_t)"));
    if (options.highlight) markPart(node, options.highlight, options.theme);  // the lesson shows the cell part by part
  }

  update(value, token) {
    for (const key of ["f", "i", "g", "o"]) paintBox(this.box[key], this.text[key], this.caption[key], value(key), key !== "g");
    for (const key of ["c_prev", "c", "h_prev", "h"]) setValue(this.text[key], value(key));
    this.text.x.textContent = `x_t = “${token}”`;
  }
}

// The diagram of a cell kind (gru.js and rnn.js hold the GRU's and the RNN's).
function diagramClass(kind) { return { lstm: LstmDiagram, gru: GruDiagram, rnn: RnnDiagram }[kind]; }

// Helpers the diagrams share: a gate box coloured by its value, a value text, a highlighted part.
function paintBox(rect, text, caption, value, bounded) {
  const rgb = colourOf(bounded, value, 1);
  rect.setAttribute("fill", css(rgb));
  text.setAttribute("fill", textOn(rgb));
  if (caption) caption.setAttribute("fill", textOn(rgb));
  setValue(text, value);
}
function setValue(node, value, digits = 2) {
  node.textContent = fmt(value, digits);
  node.dataset.value = String(value);
}
function markPart(node, part, theme) {
  node.querySelectorAll("[data-part]").forEach((n) => {
    if (n.dataset.part === part) {
      n.setAttribute("stroke", theme.highlight);
      n.setAttribute("stroke-width", "6");
    }
  });
  node.dataset.highlight = part;
}

// The equations with this step's numbers, in the lecture's notation where it has one (W_x, W_h,
// [h_{t−1}, x_t]); the GRU's as PyTorch's nn.GRU computes it. `value(name)` gives every number:
// products and sums shown are terms Python computed ("zh", "zn"), not the browser.
function cellEquations(kind, labels, value) {
  const lines = [];
  const gate = (name, fn, sub) => {
    lines.push([`${labels[name]} = ${fn}(W_${sub}·[h_{t−1}, x_t] + b_${sub}) = ${fn}(${fmt(value(`${name}_pre`))}) = ${fmt(value(name), 3)}`, name, value(name)]);
  };
  if (kind === "lstm") {
    gate("f", "σ", "f");
    gate("i", "σ", "i");
    gate("g", "tanh", "C̃");
    lines.push([`C_t = f_t ⊗ C_{t−1} ⊕ i_t ⊗ C̃_t = ${op(value("f"))}·${op(value("c_prev"))} + ${op(value("i"))}·${op(value("g"))} = ${fmt(value("c"), 3)}`, "c", value("c")]);
    gate("o", "σ", "o");
    if (Number.isFinite(value("h"))) lines.push([`h_t = o_t ⊗ tanh(C_t) = ${op(value("o"))}·tanh(${fmt(value("c"))}) = ${fmt(value("h"), 3)}`, "h", value("h")]);
  } else if (kind === "gru") {
    gate("r", "σ", "r");
    gate("z", "σ", "z");
    lines.push([`n_t = tanh(W_xn·x_t + b_xn + r_t ⊙ (W_hn·h_{t−1} + b_hn)) = tanh(${fmt(value("n_pre"))}) = ${fmt(value("n"), 3)}`, "n", value("n")]);
    lines.push([`h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1} = (1 − ${fmt(value("z"))})·${op(value("n"))} + ${fmt(value("z"))}·${op(value("h_prev"))} = ${fmt(value("zn"))} + ${op(value("zh"))} = ${fmt(value("h"), 3)}`, "h", value("h")]);
  } else {
    lines.push([`h_t = tanh(W_x·x_t + b_x + W_h·h_{t−1} + b_h) = tanh(${fmt(value("h_pre"))}) = ${fmt(value("h"), 3)}`, "h", value("h")]);
  }
  return lines;
}
