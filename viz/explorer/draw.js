// LSTM Lens explorer, drawing helpers shared by every panel. The scripts of this folder are joined
// into one module by ui/explorer_view.py (SCRIPTS, in order); explorer.js comes last and exports it.
// Nothing here computes analysis: numbers, orders, ranges and figures come from Python's payload.

let PALETTE = { sequential: [], diverging: [] };  // RGB stops, from the payload's theme (viz/theme.py)

function hexToRgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
const LUT_SIZE = 256;
let LUT = { sequential: [], diverging: [] };  // CSS colour strings, for per-step drawing without building strings
function usePalette(theme) {
  PALETTE = { sequential: theme.sequential.map(hexToRgb), diverging: theme.diverging.map(hexToRgb) };
  for (const name of ["sequential", "diverging"]) {
    LUT[name] = Array.from({ length: LUT_SIZE }, (_, k) => css(ramp(PALETTE[name], k / (LUT_SIZE - 1))));
  }
}
// The same colour as css(colourOf(...)), from the table.
function cssColourOf(bounded, value, range) {
  const x = bounded ? value : 0.5 + value / (2 * range);
  const k = Math.round(Math.min(Math.max(x, 0), 1) * (LUT_SIZE - 1));
  return (bounded ? LUT.sequential : LUT.diverging)[k];
}

// Draw only what can be seen: a view out of sight is brought up to date as it scrolls near.
// Streamlit scrolls its main block, not the document, so that block is the observer's root.
const SIGHT_MARGIN = 300;  // px above and below the scrolled view that count as near
class Visibility {
  constructor(root) {
    this.shown = new Set();
    this.stale = new Map();
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) { this.shown.delete(entry.target); continue; }
        this.shown.add(entry.target);
        const draw = this.stale.get(entry.target);
        this.stale.delete(entry.target);
        if (draw) draw();
      }
    }, { root: root.closest("[data-testid='stMain']"), rootMargin: `${SIGHT_MARGIN}px 0px` });
  }
  watch(node) { this.observer.observe(node); }
  // The same test as the observer's, asked now (its first report comes a frame later): a node
  // with no box (a hidden panel) is not near.
  near(node) {
    const r = node.getBoundingClientRect();
    if (!r.width && !r.height) return false;
    const view = this.observer.root ? this.observer.root.getBoundingClientRect() : { top: 0, bottom: window.innerHeight };
    return r.bottom >= view.top - SIGHT_MARGIN && r.top <= view.bottom + SIGHT_MARGIN;
  }
  // Run `draw` now if `node` is in sight (or near it), else once it comes near.
  when(node, draw) {
    if (this.shown.has(node)) { this.stale.delete(node); draw(); } else this.stale.set(node, draw);
  }
  disconnect() { this.observer.disconnect(); }
}
function ramp(stops, x) {
  const p = Math.min(Math.max(x, 0), 1) * (stops.length - 1);
  const k = Math.min(Math.floor(p), stops.length - 2);
  const f = p - k;
  const a = stops[k], b = stops[k + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}
// A bounded gate on the sequential scale; anything else on the diverging one, centred on 0.
function colourOf(bounded, value, range) {
  return bounded ? ramp(PALETTE.sequential, value) : ramp(PALETTE.diverging, 0.5 + value / (2 * range));
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

function decodeBytes(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let k = 0; k < bin.length; k++) bytes[k] = bin.charCodeAt(k);
  return bytes.buffer;
}
function decode(b64) { return new Float32Array(decodeBytes(b64)); }
function decodeOrders(b64) { return new Uint16Array(decodeBytes(b64)); }

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
