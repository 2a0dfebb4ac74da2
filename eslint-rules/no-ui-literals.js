/**
 * Screens show text only through the message catalogues (src/renderer/src/i18n). This rule
 * reports words written straight into a screen: JSX text, string or template literals as JSX
 * children, literals in attributes people read (label, title, placeholder…), and `label:`
 * properties (select and tab data). Strings without letters (—, ·, 12) are allowed.
 */
const READ_ATTRIBUTES = new Set([
  'label',
  'title',
  'placeholder',
  'description',
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'alt',
  'legend',
  'closeButtonLabel',
  'error',
  'message',
  'subtitle',
  'nothingFoundMessage',
  'emptyText',
  'confirmLabel',
  'cancelLabel',
  'tooltip',
]);
const LETTER = /\p{L}/u;
/** A message key ('nav.booth') or an identifier passed as data is not text people read. */
const KEY_LIKE = /^[a-z][\w-]*(\.[\w-]+)+$/;

const hasWords = (node) => {
  if (!node) return false;
  if (node.type === 'Literal') return typeof node.value === 'string' && LETTER.test(node.value) && !KEY_LIKE.test(node.value);
  if (node.type === 'TemplateLiteral') return node.quasis.some((q) => LETTER.test(q.value.cooked ?? ''));
  if (node.type === 'ConditionalExpression') return hasWords(node.consequent) || hasWords(node.alternate);
  if (node.type === 'LogicalExpression') return hasWords(node.right);
  return false;
};

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow user-visible string literals in screens; use the i18n message catalogues.' },
    schema: [],
    messages: { literal: 'User-visible text "{{text}}" belongs in the message catalogues (src/renderer/src/i18n/messages); use t().' },
  },
  create(context) {
    const report = (node, text) => context.report({ node, messageId: 'literal', data: { text: String(text).trim().slice(0, 40) } });
    return {
      JSXText(node) {
        if (LETTER.test(node.value)) report(node, node.value);
      },
      JSXExpressionContainer(node) {
        if (node.parent.type === 'JSXAttribute') return;
        if (hasWords(node.expression)) report(node, context.sourceCode.getText(node.expression));
      },
      JSXAttribute(node) {
        const name = node.name.type === 'JSXNamespacedName' ? `${node.name.namespace.name}:${node.name.name.name}` : node.name.name;
        if (!READ_ATTRIBUTES.has(name) || !node.value) return;
        const value = node.value.type === 'JSXExpressionContainer' ? node.value.expression : node.value;
        if (hasWords(value)) report(node, context.sourceCode.getText(value));
      },
      Property(node) {
        const key = node.key.type === 'Identifier' ? node.key.name : node.key.type === 'Literal' ? node.key.value : null;
        if ((key === 'label' || key === 'title' || key === 'description') && hasWords(node.value)) report(node, context.sourceCode.getText(node.value));
      },
    };
  },
};
