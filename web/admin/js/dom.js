// Element building for the console. Text always enters the page as text
// nodes (textContent), never as markup: names, messages, reasons and audit
// details come from other people.

const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'open']);

// el('button', { class: 'x', 'data-testid': 'y', on: { click: fn } }, 'label', child)
// Attributes set to null, undefined or false are left out; true gives an
// empty attribute. Children may be nodes, strings, numbers or arrays of them.
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (name === 'on') {
      for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    } else if (name === 'class') {
      node.className = v;
    } else if (PROPS.has(name)) {
      node[name] = v;
    } else if (name === 'style' || name.startsWith('on')) {
      // The page's CSP forbids inline styles and handlers anyway.
      throw new Error(`el: attribute ${name} not allowed`);
    } else {
      node.setAttribute(name, v === true ? '' : String(v));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else if (c instanceof Node) node.appendChild(c);
    else node.appendChild(document.createTextNode(String(c)));
  }
}

// Replaces every child of node.
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

// A labelled form control: <div class="field"><label>..</label>control hint</div>.
let fieldSeq = 0;
export function field(label, control, hint) {
  if (!control.id) control.id = `f${++fieldSeq}`;
  let hintNode = null;
  if (hint) {
    hintNode = el('p', { class: 'hint', id: `${control.id}-hint` }, hint);
    control.setAttribute('aria-describedby', hintNode.id);
  }
  return el('div', { class: 'field' }, el('label', { for: control.id }, label), control, hintNode);
}

// A <select> from [value, label] pairs.
export function select(attrs, options, current) {
  return el(
    'select',
    attrs,
    options.map(([value, label]) =>
      el('option', { value, selected: String(value) === String(current) }, label),
    ),
  );
}

// Moves keyboard focus to node without scrolling past it on a phone.
export function focusOn(node) {
  if (!node) return;
  if (!node.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(node.tagName))
    node.setAttribute('tabindex', '-1');
  node.focus({ preventScroll: false });
}

// Makes parent's children exactly nodes, in order, moving only what is out of
// place: a focused button that stays keeps its focus across a refresh.
export function reconcile(parent, nodes) {
  const wanted = new Set(nodes);
  for (const child of [...parent.children]) if (!wanted.has(child)) child.remove();
  let at = parent.firstElementChild;
  for (const node of nodes) {
    if (node === at) {
      at = at.nextElementSibling;
      continue;
    }
    parent.insertBefore(node, at);
  }
}
