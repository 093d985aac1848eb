// Projector mode: one screen at 1024×768 holds the token strip, the controls and one panel the
// teacher picks (the cell with its equations, the heatmaps, every unit's bars, the prediction);
// V or the button cycles them. Sizes come from the theme Python sends (viz/theme.PROJECTOR).

const PROJECTOR_PANELS = ["cell", "heat", "bars", "pred"];

class ProjectorView {
  constructor(ex) {
    this.ex = ex;
    this.button = ex.q(".lx-next-view");
    this.button.addEventListener("click", () => { this.button.blur(); this.cycle(); });
    this.onResize = () => this.fit();
    window.addEventListener("resize", this.onResize);
    // Content above that settles after the first draw moves the stage: measure again whenever the
    // page's content changes size, not only the window.
    this.observer = new ResizeObserver(this.onResize);
    this.observer.observe(ex.root.closest('[data-testid="stMainBlockContainer"]') || document.body);
  }

  destroy() {
    window.removeEventListener("resize", this.onResize);
    this.observer.disconnect();
  }

  cycle() {
    const k = PROJECTOR_PANELS.indexOf(this.ex.state.panel);
    this.ex.set({ panel: PROJECTOR_PANELS[(k + 1) % PROJECTOR_PANELS.length] });
  }

  apply() {
    const ex = this.ex, on = Boolean(ex.d.projector), panel = ex.state.panel;
    ex.root.classList.toggle("lx-projector", on);
    ex.root.dataset.panel = on ? panel : "";
    this.button.hidden = !on;
    this.button.textContent = `${ex.t.nextView} ▸`;
    ex.root.querySelectorAll("section[data-panel]").forEach((section) => {
      section.hidden = on && section.dataset.panel !== panel;
    });
    if (ex.d.figures && !ex.d.figures.stack) ex.q(".lx-stack-panel").hidden = true;
    if (on) requestAnimationFrame(() => this.fit());
  }

  // The shown panel takes the rest of the window below the controls: no scrolling.
  fit() {
    const ex = this.ex;
    if (!ex.d || !ex.d.projector) return;
    const stageTop = ex.q(".lx-stage").getBoundingClientRect().top;
    // Below a lesson's text the view takes a screen of its own (seen whole once scrolled to);
    // else the panel takes what is left of the first screen.
    const scroller = ex.root.closest('[data-testid="stMain"]');  // Streamlit scrolls this, not the window
    const onPage = scroller ? stageTop - scroller.getBoundingClientRect().top + scroller.scrollTop : stageTop + window.scrollY;
    const above = ex.d.ownScreen ? stageTop - ex.root.getBoundingClientRect().top : onPage;
    const room = Math.max(240, Math.floor(window.innerHeight - above - 14));
    ex.root.style.setProperty("--lx-room", `${room}px`);
    if (!window.Plotly) return;
    const header = 44;
    // Plotly sizes a figure drawn while its panel was hidden wrongly: give each its box.
    if (ex.state.panel === "heat" && ex.heat.ready) {
      const rows = Math.ceil(ex.heat.plots.length / 2);  // two columns, as explorer.css lays them out
      for (const p of ex.heat.drawnPlots()) window.Plotly.relayout(p.div, { width: p.div.clientWidth, height: Math.floor((room - header) / rows) - 6 });
    } else if (ex.state.panel === "pred" && ex.pred.ready) {
      const extra = ex.q(".lx-pred").offsetHeight - ex.pred.chart.offsetHeight;
      window.Plotly.relayout(ex.pred.chart, { width: ex.pred.chart.clientWidth, height: Math.max(200, room - header - extra - 8) });
    }
  }
}
