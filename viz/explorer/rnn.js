// The plain RNN cell, in the lecture's notation (PyTorch's nn.RNN keeps two biases, b_x and b_h):
//   h_t = tanh(W_x·x_t + b_x + W_h·h_{t−1} + b_h)
// h_{t−1} and x_t meet in ⊕, tanh squashes the sum, and h_t goes round to the next step (dashed).
// Every number is looked up (`value(name)`: "h_pre" is the sum inside tanh); the diagram only draws.

class RnnDiagram {
  constructor(node, labels, words, options = {}) {
    this.node = node;
    this.text = {};
    node.replaceChildren();
    node.setAttribute("viewBox", "0 0 720 330");
    const grey = "#57606a";
    const halo = { "paint-order": "stroke", stroke: "white", "stroke-width": 5, "stroke-linejoin": "round" };
    const line = (x1, y1, x2, y2, attrs = {}) => node.appendChild(svg("line", { x1, y1, x2, y2, stroke: grey, "stroke-width": 3, ...attrs }));
    line(70, 180, 224, 180).setAttribute("data-part", "memory");
    line(240, 292, 240, 196);  // x_t from below
    line(256, 180, 380, 180);
    line(500, 180, 650, 180).setAttribute("data-part", "memory");
    const loop = { "stroke-dasharray": "8 6", "data-part": "memory" };  // h_t becomes the next step's h_{t−1}
    line(600, 180, 600, 92, loop); line(600, 92, 120, 92, loop); line(120, 92, 120, 180, loop);
    node.appendChild(svg("text", { x: 360, y: 82, "text-anchor": "middle", "font-size": 16, fill: grey, class: "lx-word", ...halo }, words.wordNext));
    node.appendChild(svg("circle", { cx: 240, cy: 180, r: 16, fill: "white", stroke: grey, "stroke-width": 2 }));
    node.appendChild(svg("text", { x: 240, y: 186, "text-anchor": "middle", "font-size": 20, class: "lx-sym" }, "⊕"));
    this.box = svg("rect", { x: 380, y: 145, width: 120, height: 70, rx: 8, stroke: "#1b1f24", "stroke-width": 1.5, "data-name": "h", "data-part": "cell" });
    node.appendChild(this.box);
    this.caption = svg("text", { x: 440, y: 172, "text-anchor": "middle", "font-size": 17, "font-weight": 700, class: "lx-caption" }, "tanh");
    node.appendChild(this.caption);
    const value = (key, x, y, anchor, size = 23) => {
      const around = key === "h" ? {} : halo;  // the value inside the box is drawn on its colour
      const node_ = svg("text", { x, y, "text-anchor": anchor, "font-size": size, "font-weight": 700, "data-name": key, class: "lx-value", ...around });
      node.appendChild(node_);
      this.text[key] = node_;
      return node_;
    };
    value("h", 440, 200, "middle");
    node.appendChild(svg("text", { x: 10, y: 162, "font-size": 17, fill: grey, class: "lx-caption" }, "h_{t−1}"));
    value("h_prev", 10, 212, "start");
    node.appendChild(svg("text", { x: 710, y: 162, "text-anchor": "end", "font-size": 17, fill: grey, class: "lx-caption" }, labels.h));
    value("h_out", 710, 212, "end");
    node.appendChild(svg("text", { x: 318, y: 140, "text-anchor": "middle", "font-size": 16, fill: grey, class: "lx-word", ...halo }, "∑"));
    value("h_pre", 318, 170, "middle", 21);
    node.appendChild(svg("text", { x: 160, y: 236, "text-anchor": "middle", "font-size": 16, fill: grey, class: "lx-word", ...halo }, words.wordMemory));
    node.appendChild(svg("text", { x: 252, y: 264, "text-anchor": "start", "font-size": 16, fill: grey, class: "lx-word", ...halo }, words.wordInput));
    value("x", 240, 316, "middle");
    node.appendChild(svg("text", { x: 360, y: 30, "text-anchor": "middle", "font-size": 17, fill: grey, class: "lx-caption" }, "h_t = tanh(W_x·x_t + b_x + W_h·h_{t−1} + b_h)"));
    if (options.highlight) markPart(node, options.highlight, options.theme);
  }

  update(value, token) {
    paintBox(this.box, this.text.h, this.caption, value("h"), false);
    setValue(this.text.h_out, value("h"));
    setValue(this.text.h_prev, value("h_prev"));
    setValue(this.text.h_pre, value("h_pre"));
    this.text.x.textContent = `x_t = “${token}”`;
  }
}
