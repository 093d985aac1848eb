// The cell diagram (hand-drawn SVG), the equations with this step's numbers, and the input coloured
// by the chosen unit. Redrawn on every step from the payload's arrays: no figure library in the loop.

class CellView {
  constructor(ex) {
    this.ex = ex;
    this.node = ex.q(".lx-cell");
    ex.q(".lx-colour-state").addEventListener("change", (e) => { e.target.blur(); this.paintColoured(); });
  }

  build() {
    const ex = this.ex, d = ex.d, labels = ex.schema.labels, node = this.node;
    node.replaceChildren();
    this.text = {};
    this.box = {};
    this.caption = {};
    const select = ex.q(".lx-colour-state");
    const keep = select.value, names = [...ex.schema.states, ...ex.schema.gates];
    select.replaceChildren(...names.map((s) => el("option", { value: s }, labels[s])));
    select.value = names.includes(keep) ? keep : ex.schema.states[ex.schema.states.length - 1];
    if (d.kind !== "lstm") {
      node.setAttribute("viewBox", "0 0 720 120");
      node.appendChild(svg("text", { x: 20, y: 50, "font-size": 18 }, `${d.kind.toUpperCase()}: h_t = ${d.kind === "gru" ? "(1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}" : "tanh(W_h·h_{t−1} + W_x·x_t + b_h)"}`));
      this.text.h = svg("text", { x: 20, y: 95, "font-size": 18, "data-name": "h" });
      node.appendChild(this.text.h);
      return;
    }
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
      const caption = svg("text", { x, y: y - 8, "text-anchor": "middle", "font-size": 17, "font-weight": 700, class: "lx-caption" });
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
      node.appendChild(svg("text", { x, y: y - 24, "text-anchor": anchor, "font-size": 17, fill: "#57606a", class: "lx-caption" }, caption));
      const value = svg("text", { x, y, "text-anchor": anchor, "font-size": 23, "font-weight": 700, "data-name": key, class: "lx-value" });
      node.appendChild(value);
      this.text[key] = value;
    };
    label("c_prev", 10, 66, "start", "C_{t−1}");
    label("c", 710, 66, "end", labels.c);
    label("h_prev", 10, 276, "start", "h_{t−1}");
    label("h", 710, 276, "end", labels.h);
    label("x", 120, 318, "middle", "");
    node.appendChild(svg("text", { x: 400, y: 318, "font-size": 17, fill: "#57606a", class: "lx-caption" }, "h_t = o_t ⊙ tanh(C_t)"));
    if (d.highlight) {  // the lesson shows the cell part by part
      node.querySelectorAll("[data-part]").forEach((part) => {
        if (part.dataset.part === d.highlight) {
          part.setAttribute("stroke", ex.theme.highlight);
          part.setAttribute("stroke-width", "6");
        }
      });
      node.dataset.highlight = d.highlight;
    }
  }

  update() {
    const ex = this.ex, d = ex.d, t = ex.state.step, u = ex.state.unit;
    ex.q(".lx-unit-title").textContent = `${ex.t.unit} ${u} · t = ${t + 1} · ${ex.t.token} “${d.tokens[t]}”`;
    this.updateEquations(t, u);
    if (d.kind !== "lstm") {
      this.text.h.textContent = `${ex.t.unit} ${u}: h_t = ${fmt(ex.v("h", t, u), 3)}`;
      this.text.h.dataset.value = String(ex.v("h", t, u));
      return;
    }
    for (const key of ex.schema.gates) {
      const value = ex.v(key, t, u);
      const rgb = colourOf(ex.schema.bounded.includes(key), value, 1);
      this.box[key].setAttribute("fill", css(rgb));
      this.text[key].setAttribute("fill", textOn(rgb));
      this.caption[key].setAttribute("fill", textOn(rgb));
      this.text[key].textContent = fmt(value);
      this.text[key].dataset.value = String(value);
    }
    const full = d.outputSize === d.units;  // with proj_size, h is not per unit
    const values = { c_prev: ex.prevState("c", t, u), c: ex.v("c", t, u), h_prev: full ? ex.prevState("h", t, u) : NaN, h: full ? ex.v("h", t, u) : NaN };
    for (const [key, value] of Object.entries(values)) {
      this.text[key].textContent = fmt(value);
      this.text[key].dataset.value = String(value);
    }
    this.text.x.textContent = `x_t = “${d.tokens[t]}”`;
  }

  updateEquations(t, u) {
    const ex = this.ex, d = ex.d, v = (name) => ex.v(name, t, u);
    const lines = [];
    const gate = (name, fn, sub) => {
      lines.push([`${ex.schema.labels[name]} = ${fn}(W_${sub}·[h_{t−1}, x_t] + b_${sub}) = ${fn}(${fmt(v(`${name}_pre`))}) = ${fmt(v(name), 3)}`, name, v(name)]);
    };
    if (d.kind === "lstm") {
      gate("f", "σ", "f");
      gate("i", "σ", "i");
      gate("g", "tanh", "C̃");
      const cp = ex.prevState("c", t, u);
      lines.push([`C_t = f_t ⊗ C_{t−1} ⊕ i_t ⊗ C̃_t = ${op(v("f"))}·${op(cp)} + ${op(v("i"))}·${op(v("g"))} = ${fmt(v("c"), 3)}`, "c", v("c")]);
      gate("o", "σ", "o");
      if (d.outputSize === d.units) lines.push([`h_t = o_t ⊗ tanh(C_t) = ${op(v("o"))}·tanh(${fmt(v("c"))}) = ${fmt(v("h"), 3)}`, "h", v("h")]);
    } else if (d.kind === "gru") {
      gate("r", "σ", "r");
      gate("z", "σ", "z");
      lines.push([`n_t = tanh(W_n·x_t + b_n + r_t ⊙ (U_n·h_{t−1} + c_n)) = tanh(${fmt(v("n_pre"))}) = ${fmt(v("n"), 3)}`, "n", v("n")]);
      const z = v("z"), hp = ex.prevState("h", t, u);
      lines.push([`h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1} = ${op(1 - z)}·${op(v("n"))} + ${op(z)}·${op(hp)} = ${fmt(v("h"), 3)}`, "h", v("h")]);
    } else {
      lines.push([`h_t = tanh(W_h·h_{t−1} + W_x·x_t + b_h) = tanh(${fmt(v("h_pre"))}) = ${fmt(v("h"), 3)}`, "h", v("h")]);
    }
    const nodes = lines.map(([text, name, value]) => el("div", { "data-name": name, "data-value": String(value) }, text));
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
