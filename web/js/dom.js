// DOM building without HTML strings: every piece of text, and above all
// anything a person typed, enters the page as a text node.

// h('button', { class: 'x', 'data-testid': 'y', onclick: fn }, 'label', child)
// Props: 'class', 'text', 'value', 'checked', 'selected', 'disabled',
// 'hidden', on<event> functions; anything else becomes an attribute
// (true = empty attribute; false, null and undefined are skipped).
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'value') el.value = String(v);
    else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'hidden') el[k] = !!v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  add(el, children);
  return el;
}

function add(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) add(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function replace(el, ...children) {
  clear(el);
  add(el, children);
}

// Makes `container` hold exactly `nodes`, in that order, moving only what
// is out of place (appending or prepending to a long list is cheap and the
// nodes keep focus and selection).
export function reconcile(container, nodes) {
  const keep = new Set(nodes);
  for (const child of [...container.childNodes]) if (!keep.has(child)) container.removeChild(child);
  let ref = container.firstChild;
  for (const node of nodes) {
    if (node === ref) ref = ref.nextSibling;
    else container.insertBefore(node, ref);
  }
}

let uid = 0;
export function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

// A labelled form field. `control` is an input, select or textarea.
export function field(label, control, hint) {
  if (!control.id) control.id = nextId('f');
  const hintEl = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}
