// Accessible names and a live region for a conflictlab panel (see ControlNames in panel.py).
//
// ipywidgets 8 draws a slider as a noUiSlider handle (role "slider") that its description label is
// not tied to, so a screen reader announces it as just "slider". This view, invisible inside the
// panel, finds each control by its own CSS class and names the element that takes the keyboard
// focus; it gives each slider's handle the value its read-out shows ("30%", not "0.3") and its exact
// value (noUiSlider writes aria-valuenow rounded to one decimal: 0.15 as "0.1"); it gives the panel's
// chart the description of what it now shows; and it makes the panel's result sentence a polite live
// region, so that a change is announced. It watches the panel, because ipywidgets redraws a slider
// when its range changes.

function nameControls(root, names) {
  for (const [cls, name] of Object.entries(names)) {
    for (const box of root.getElementsByClassName(cls)) {
      const targets = box.matches("button, select, input, textarea")
        ? [box]
        : box.querySelectorAll(".noUi-handle, select, input, textarea, button");
      for (const target of targets) {
        if (target.getAttribute("aria-label") !== name) target.setAttribute("aria-label", name);
      }
      const readout = box.querySelector(".widget-readout");
      if (readout) {
        const typed = `${name}, typed value`;
        if (readout.getAttribute("aria-label") !== typed) readout.setAttribute("aria-label", typed);
        const handle = box.querySelector(".noUi-handle");
        const shown = (readout.textContent || "").trim();
        if (handle && shown && handle.getAttribute("aria-valuetext") !== shown) {
          handle.setAttribute("aria-valuetext", shown);
        }
        const now = exactValue(box);
        if (handle && now !== null && handle.getAttribute("aria-valuenow") !== now) {
          handle.setAttribute("aria-valuenow", now);
        }
      }
    }
  }
}

function exactValue(box) {
  // the slider's value as noUiSlider holds it (unformatted), to 12 significant digits
  const target = box.querySelector(".noUi-target");
  const api = target && target.noUiSlider;
  if (!api) return null;
  const value = Number(api.get(true));
  return Number.isFinite(value) ? String(Number(value.toPrecision(12))) : null;
}

function describeChart(root, text) {
  if (!text) return;  // the chart's own description still holds
  for (const chart of root.querySelectorAll(".conflictlab-chart [role='graphics-document']")) {
    if (chart.getAttribute("aria-label") !== text) chart.setAttribute("aria-label", text);
  }
}

function announce(root, classes) {
  for (const cls of classes) {
    for (const box of root.getElementsByClassName(cls)) {
      if (box.getAttribute("aria-live") !== "polite") {
        box.setAttribute("aria-live", "polite");
        box.setAttribute("aria-atomic", "true");
      }
    }
  }
}

function nameChartMenus(root, name) {
  for (const summary of root.querySelectorAll(".vega-embed summary")) {
    if (summary.getAttribute("aria-label") !== name) summary.setAttribute("aria-label", name);
  }
}

export default {
  render({ model, el }) {
    let observer = null;
    let timer = null;
    let tries = 0;
    const apply = (root) => {
      nameControls(root, model.get("names"));
      announce(root, model.get("live"));
      nameChartMenus(root, model.get("chart_menu"));
      describeChart(root, model.get("chart_description"));
    };
    const attach = () => {
      const root = el.closest(".conflictlab-panel");
      if (!root) {
        // the panel's box attaches this view after drawing it: look again shortly (for 20 s at most)
        if (tries++ < 400) timer = setTimeout(attach, 50);
        return;
      }
      apply(root);
      observer = new MutationObserver(() => apply(root));
      observer.observe(root, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeFilter: ["aria-valuenow", "aria-label"],
      });
      model.on("change:names", () => apply(root));
      model.on("change:chart_description", () => apply(root));
    };
    attach();
    return () => {
      if (observer) observer.disconnect();
      if (timer) clearTimeout(timer);
    };
  },
};
