"""What the width and accessibility browser tests measure on a page: horizontal overflow, labels that
wrap mid-word, touch targets too small for a thumb, and axe-core's serious or critical violations.

axe-core (MPL-2.0, tests/e2e/vendor/axe-core/) is read from the repository and evaluated in the page
through the DevTools protocol, which the page's Content-Security-Policy does not govern: the test
needs no network and the policy stays as deployed."""

from __future__ import annotations

from pathlib import Path

AXE_SOURCE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
WIDTHS = (360, 768, 1440)
NARROW = 360
TOUCH_PX = 44

# Elements that stick out of the viewport, outermost first; a descendant of a box that scrolls on
# its own (overflow-x auto or scroll) is inside that box, not outside the page.
OVERFLOW_JS = """() => {
  const w = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;
    if (r.right <= w + 1 && r.left >= -1) continue;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || st.position === 'fixed') continue;
    if (scrolls(el)) continue;
    const p = el.parentElement.getBoundingClientRect();
    if (el.parentElement !== document.body && (p.right > w + 1 || p.left < -1) && !scrolls(el.parentElement)) continue;
    const text = (el.innerText || '').trim().slice(0, 30);
    const name = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
    out.push(`${name} ${Math.round(r.left)}..${Math.round(r.right)} "${text}"`);
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth, elements: out};
}"""

# Short labels (a button, a menu entry, a form label of a few characters) that break over two lines:
# in Chinese that is a break inside a word ("语 言").
WRAPPED_JS = """() => {
  const out = [];
  const sel = 'header a, header button, header label, nav a, button, .button, label, thead th';
  for (const el of document.querySelectorAll(sel)) {
    const text = (el.innerText || '').trim();
    if (!text || text.length > 8 || el.closest('.visually-hidden') || el.offsetParent === null) continue;
    const rects = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || node.parentElement.closest('.visually-hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0) rects.push(r);
    }
    // A new line starts below the bottom of the one before (a badge's smaller text is not one).
    rects.sort((a, b) => a.top - b.top);
    let lines = 0, bottom = -Infinity;
    for (const r of rects) { if (r.top >= bottom - 2) { lines += 1; } bottom = Math.max(bottom, r.bottom); }
    if (lines > 1) out.push(`${el.tagName.toLowerCase()} "${text}"`);
  }
  return out;
}"""

# Controls a thumb has to hit: each (or, for a radio or checkbox, it or its label) at least 44 px tall
# and wide. Links inside running text are exempt, as WCAG 2.5.5 exempts them.
TARGETS_JS = """(min) => {
  const out = [];
  const sel = 'button, input:not([type=hidden]), select, textarea, a.button, summary, '
    + '.site-nav a, .workbench-nav a, .disclosure-nav a';
  for (const el of document.querySelectorAll(sel)) {
    if (el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
    if (el.closest('.visually-hidden, .skip-link')) continue;
    let r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    if ((el.type === 'radio' || el.type === 'checkbox') && el.labels && el.labels.length) {
      const l = el.labels[0].getBoundingClientRect();
      const top = Math.min(r.top, l.top), bottom = Math.max(r.bottom, l.bottom);
      r = {width: Math.max(r.width, l.width), height: bottom - top};
      const row = el.closest('.choice, .rating-choice, label, td');
      if (row) {
        const q = row.getBoundingClientRect();
        r = {width: Math.max(r.width, q.width), height: Math.max(r.height, q.height)};
      }
    }
    if (r.height < min - 0.5 || r.width < min - 0.5) {
      const text = (el.innerText || el.value || '').trim().slice(0, 20);
      const name = `${el.tagName.toLowerCase()}[${el.name || el.type || ''}]`;
      out.push(`${name} ${Math.round(r.width)}x${Math.round(r.height)} "${text}"`);
    }
  }
  return out;
}"""


def layout_problems(page, width: int) -> list[str]:
    """Everything on the open page that does not fit a screen `width` px wide."""
    found = page.evaluate(OVERFLOW_JS)
    problems = []
    if found["scrollWidth"] > found["innerWidth"]:
        problems.append(f"page scrolls sideways: {found['scrollWidth']} > {found['innerWidth']}")
    problems += [f"outside the viewport: {e}" for e in found["elements"]]
    problems += [f"wraps mid-word: {e}" for e in page.evaluate(WRAPPED_JS)]
    if width <= NARROW:
        problems += [f"under {TOUCH_PX} px: {e}" for e in page.evaluate(TARGETS_JS, TOUCH_PX)]
    return problems


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the open page (WCAG 2.1 A and AA rules)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
        resultTypes: ['violations']})""")
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(
                " ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"]) for n in v["nodes"][:5])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]
