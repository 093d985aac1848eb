// The keyboard and a presenter's clicker (← → PageUp PageDown Home End, space; V cycles the
// projector's view). Listened for on the window in the capture phase, so a widget that was just
// clicked (an example pill, a dropdown, a button) keeps no hold on the keys: only a place where
// text is being typed does.

function typingIn(target) {
  if (!target || !target.tagName) return false;
  if (target.isContentEditable) return true;
  if (target.tagName === "TEXTAREA") return true;
  if (target.tagName !== "INPUT") return false;
  if (target.getAttribute("role") === "combobox") return target.getAttribute("aria-expanded") === "true";  // an open dropdown's list
  return !["range", "checkbox", "radio", "button", "submit", "reset", "file", "color"].includes(target.type);
}

const STEP_KEYS = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };

function bindKeys(ex) {
  const onKey = (e) => {
    if (!ex.d || !ex.root.isConnected || e.ctrlKey || e.metaKey || e.altKey) return;
    if (typingIn(e.target)) return;
    const t = ex.state.step;
    if (e.key in STEP_KEYS) ex.go(t + STEP_KEYS[e.key]);
    else if (e.key === "Home") ex.go(0);
    else if (e.key === "End") ex.go(ex.d.T - 1);
    else if (e.key === " " || e.key === "Spacebar") ex.togglePlay();
    else if ((e.key === "v" || e.key === "V") && ex.d.projector) ex.projector.cycle();
    else return;
    e.preventDefault();
    e.stopPropagation();  // a focused pill or radio group would move its own focus on arrows
    const focused = document.activeElement;
    if (focused && focused !== document.body && !ex.root.contains(focused) && focused.tagName === "BUTTON") focused.blur();
  };
  window.addEventListener("keydown", onKey, true);
  return () => window.removeEventListener("keydown", onKey, true);
}
