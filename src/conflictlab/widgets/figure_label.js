// The accessible name and description of a course chart (see FigureLabel in figure.py).
//
// Vega gives a chart's container the role "graphics-document", which not every tool knows. This
// view, invisible inside the chart's box, makes the box a "figure" named by the chart's title and
// described by the data table's caption (the chart's title and description).

export default {
  render({ model, el }) {
    let timer = null;
    let tries = 0;
    const attach = () => {
      const box = el.closest(".conflictlab-figure-box");
      if (!box) {
        // the box attaches this view after drawing it: look again shortly (for 20 s at most)
        if (tries++ < 400) timer = setTimeout(attach, 50);
        return;
      }
      box.setAttribute("role", "figure");
      box.setAttribute("aria-label", model.get("label"));
      if (model.get("described_by")) box.setAttribute("aria-describedby", model.get("described_by"));
    };
    attach();
    return () => {
      if (timer) clearTimeout(timer);
    };
  },
};
