// DOM building without HTML strings, for both clients: every piece of text,
// and above all anything a person typed (names, messages, reasons, audit
// details), enters the page as a text node.

// Set as DOM properties, not attributes.
const PROPS = new Set(['checked', 'selected', 'disabled', 'hidden', 'open']);

// h('button', { class: 'x', 'data-testid': 'y', onclick: fn }, 'label', child)
// Props: 'class'; 'value' and the PROPS above as properties; on<event>
// functions as listeners; anything else becomes an attribute (true = empty
// attribute; false, null and undefined are skipped). Children may be nodes,
// strings, numbers or arrays of them.
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'value') node.value = String(v);
    else if (PROPS.has(k)) node[k] = !!v;
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    // The pages' CSP forbids inline styles and handlers anyway: fail loudly.
    else if (k === 'style' || k.startsWith('on')) throw new Error(`h: ${k} is not allowed`);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  add(node, children);
  return node;
}

function add(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) add(node, c);
    else if (c instanceof Node) node.appendChild(c);
    else node.appendChild(document.createTextNode(String(c)));
  }
}

// Replaces every child of node; returns node.
export function replace(node, ...children) {
  node.replaceChildren();
  add(node, children);
  return node;
}

// Makes `container` hold exactly `nodes`, in that order, moving only what is
// out of place: appending to a long list is cheap, and a focused button that
// stays keeps its focus across a refresh.
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

// A labelled form field: <div class="field"><label>..</label>control hint</div>.
// `control` is an input, select or textarea.
export function field(label, control, hint) {
  if (!control.id) control.id = nextId('f');
  const hintEl = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

// A <select> from [value, label] pairs.
export function select(props, options, current) {
  return h(
    'select',
    props,
    options.map(([value, label]) =>
      h('option', { value, selected: String(value) === String(current) }, label),
    ),
  );
}

// Moves keyboard focus to node, making it focusable first if it is not.
export function focusOn(node) {
  if (!node) return;
  if (!node.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(node.tagName))
    node.setAttribute('tabindex', '-1');
  node.focus({ preventScroll: false });
}
