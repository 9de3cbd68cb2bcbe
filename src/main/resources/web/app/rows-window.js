// The rows of a long listing, kept bounded: only the rows near the viewport are elements; the
// rest are the list's top and bottom padding (fixed row height in the list, fixed tile size in
// the grid), so 10,000 loaded items cost a few dozen <li>, not 150,000 nodes.
export const LIST_ROW = 46, TILE_W = 168, TILE_H = 196, GAP = 14;
const OVERSCAN = 8; // rows above and below the viewport, so a quick scroll shows no gap

export function rowWindow(ul, build) {
  const shown = new Map(); // item index -> its <li>
  let count = 0, grid = false, cols = 1;
  const pitch = () => (grid ? TILE_H + GAP : LIST_ROW);

  function scroller() {
    for (let e = ul.parentElement; e; e = e.parentElement) {
      const o = getComputedStyle(e).overflowY;
      if (o === "auto" || o === "scroll") return e;
    }
    return document.scrollingElement;
  }

  function measure() {
    cols = grid ? Math.max(1, Math.floor((ul.clientWidth + GAP) / (TILE_W + GAP))) : 1;
    ul.style.gridTemplateColumns = grid ? `repeat(${cols}, minmax(0, 1fr))` : "";
    ul.style.gridAutoRows = grid ? TILE_H + "px" : "";
  }

  function render() {
    if (!ul.isConnected) return;
    measure();
    const p = pitch(), rows = Math.ceil(count / cols);
    const top = ul.getBoundingClientRect().top;
    const first = Math.min(rows, Math.max(0, Math.floor(-top / p) - OVERSCAN));
    const last = Math.max(first, Math.min(rows, Math.ceil((innerHeight - top) / p) + OVERSCAN));
    const a = first * cols, b = Math.min(count, last * cols);
    ul.style.paddingTop = first * p + "px";
    ul.style.paddingBottom = (rows - last) * p + "px";
    for (const [i, li] of shown) if (i < a || i >= b) { li.remove(); shown.delete(i); }
    const lo = shown.size ? Math.min(...shown.keys()) : b;
    const before = [], after = [];
    for (let i = a; i < b; i++) {
      if (shown.has(i)) continue;
      const li = build(i);
      shown.set(i, li);
      (i < lo ? before : after).push(li);
    }
    // Rows already there stay put (a focused row keeps its focus); new ones go either side.
    if (before.length) ul.prepend(...before);
    if (after.length) ul.append(...after);
  }

  const onScroll = () => render();
  document.addEventListener("scroll", onScroll, { capture: true, passive: true });
  addEventListener("resize", onScroll);

  return {
    render,
    reset(n, isGrid) { for (const li of shown.values()) li.remove(); shown.clear(); grid = isGrid; count = n; render(); },
    grow(n) { count = n; render(); },
    cols: () => cols,
    // Brings item i into the rendered window (scrolling to it) and returns its <li>.
    reveal(i) {
      if (!shown.has(i)) {
        const sc = scroller(), p = pitch();
        const y = ul.getBoundingClientRect().top + Math.floor(i / cols) * p;
        const box = sc === document.scrollingElement ? { top: 0, bottom: innerHeight } : sc.getBoundingClientRect();
        if (y < box.top) sc.scrollTop -= box.top - y + p;
        else if (y + p > box.bottom) sc.scrollTop += y + p - box.bottom + p;
        render();
      }
      return shown.get(i);
    },
    stop() { document.removeEventListener("scroll", onScroll, { capture: true }); removeEventListener("resize", onScroll); },
  };
}
