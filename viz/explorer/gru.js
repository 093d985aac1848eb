// The GRU cell, drawn like the LSTM's (cell.js) and computed as PyTorch's nn.GRU does it:
//   r_t = σ(W_r·[h_{t−1}, x_t] + b_r)            reset
//   z_t = σ(W_z·[h_{t−1}, x_t] + b_z)            update
//   n_t = tanh(W_xn·x_t + b_xn + r_t ⊙ (W_hn·h_{t−1} + b_hn))   candidate
//   h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
// The state h runs along the top (there is no separate C); z_t decides how much of h_{t−1} is kept
// (z ⊙ h_{t−1}) and how much of the candidate is written ((1 − z) ⊙ n). Every number is looked up
// (`value(name)`: "zh", "zn" are Python's terms); the diagram only draws.

class GruDiagram {
  constructor(node, labels, words, options = {}) {
    this.node = node;
    this.text = {};
    this.box = {};
    this.caption = {};
    node.replaceChildren();
    node.setAttribute("viewBox", "0 0 720 330");
    const grey = "#57606a";
    const line = (x1, y1, x2, y2, w = 3) => node.appendChild(svg("line", { x1, y1, x2, y2, stroke: grey, "stroke-width": w }));
    const halo = { "paint-order": "stroke", stroke: "white", "stroke-width": 5, "stroke-linejoin": "round" };
    line(70, 60, 650, 60, 5).setAttribute("data-part", "memory");  // the hidden state h: the GRU's only memory
    line(100, 60, 100, 232);  // h_{t−1} also feeds the gates
    line(100, 232, 500, 232);  // the bus every gate reads: [h_{t−1}, x_t]
    line(150, 292, 150, 232);  // x_t comes in from below
    const sym = (x, y, s, part) => {
      node.appendChild(svg("circle", { cx: x, cy: y, r: 16, fill: "white", stroke: grey, "stroke-width": 2, "data-part": part }));
      node.appendChild(svg("text", { x, y: y + 6, "text-anchor": "middle", "font-size": 20, class: "lx-sym" }, s));
    };
    const box = (key, x, y, fn, word, part) => {
      const rect = svg("rect", { x: x - 52, y: y - 30, width: 104, height: 60, rx: 8, stroke: "#1b1f24", "stroke-width": 1.5, "data-name": key, "data-part": part });
      node.appendChild(rect);
      const caption = svg("text", { x, y: y - 8, "text-anchor": "middle", "font-size": 17, "font-weight": 700, class: "lx-caption lx-box-caption" });
      caption.append(svg("tspan", { class: "lx-fn" }, `${fn} `), svg("tspan", {}, labels[key]));
      node.appendChild(caption);
      const value = svg("text", { x, y: y + 21, "text-anchor": "middle", "font-size": 23, "font-weight": 700, "data-name": key, class: "lx-value" });
      node.appendChild(value);
      node.appendChild(svg("text", { x, y: y + 50, "text-anchor": "middle", "font-size": 16, fill: grey, class: "lx-word", ...halo }, word));
      this.caption[key] = caption;
      this.box[key] = rect;
      this.text[key] = value;
    };
    // z: from the bus up to its box, then up to z ⊙ h_{t−1} on the top line; 1 − z branches right.
    line(190, 232, 190, 186);
    line(190, 126, 190, 76);
    line(190, 100, 584, 100);
    // r: into ⊗ with the memory part W_hn·h_{t−1} + b_hn, which feeds the candidate n.
    line(330, 232, 330, 186);
    line(382, 156, 394, 156);
    line(410, 232, 410, 172);
    line(426, 156, 448, 156);
    // n: from the bus (its input part W_xn·x_t + b_xn) and from r's ⊗; out to (1 − z) ⊙ n.
    line(500, 232, 500, 186);
    line(552, 156, 600, 156);
    line(600, 156, 600, 116);
    line(600, 84, 600, 76);
    box("z", 190, 156, "σ", words.wordUpdate, "update");
    box("r", 330, 156, "σ", words.wordReset, "reset");
    box("n", 500, 156, "tanh", words.wordCandidate, "candidate");
    sym(190, 60, "⊗", "update");
    sym(410, 156, "⊗", "reset");
    sym(600, 100, "⊗", "update");
    sym(600, 60, "⊕", "memory");
    node.appendChild(svg("rect", { x: 372, y: 87, width: 56, height: 26, rx: 13, fill: "white", stroke: grey, "stroke-width": 2 }));
    node.appendChild(svg("text", { x: 400, y: 106, "text-anchor": "middle", "font-size": 17, class: "lx-sym" }, "1 − z"));
    const label = (key, x, y, anchor, caption, size = 23) => {
      if (caption) node.appendChild(svg("text", { x, y: 44, "text-anchor": anchor, "font-size": 17, fill: grey, class: "lx-caption" }, caption));  // above the h line
      const value = svg("text", { x, y, "text-anchor": anchor, "font-size": size, "font-weight": 700, "data-name": key, class: "lx-value", ...halo });
      node.appendChild(value);
      this.text[key] = value;
      return value;
    };
    label("h_prev", 10, 92, "start", "h_{t−1}");
    label("h", 710, 92, "end", labels.h);
    // the two terms of h_t, beside the ⊗ that makes each
    node.appendChild(svg("text", { x: 290, y: 44, "text-anchor": "middle", "font-size": 16, fill: grey, class: "lx-word", ...halo }, `${words.wordKept}: z ⊙ h_{t−1}`));
    label("zh", 290, 85, "middle", "", 21);
    node.appendChild(svg("text", { x: 612, y: 140, "text-anchor": "start", "font-size": 16, fill: grey, class: "lx-word", ...halo }, words.wordWritten));
    label("zn", 612, 163, "start", "", 21);
    label("x", 150, 316, "middle", "");
    node.appendChild(svg("text", { x: 300, y: 316, "font-size": 17, fill: grey, class: "lx-caption" }, "h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}"));
    if (options.highlight) markPart(node, options.highlight, options.theme);
  }

  update(value, token) {
    for (const key of ["r", "z", "n"]) paintBox(this.box[key], this.text[key], this.caption[key], value(key), key !== "n");
    for (const key of ["h_prev", "h", "zh", "zn"]) setValue(this.text[key], value(key));
    this.text.x.textContent = `x_t = “${token}”`;
  }
}
