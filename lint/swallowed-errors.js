// A promise's error thrown away without a word (`.catch(() => undefined)`) is how a failing disk or
// a dying ffmpeg goes unseen until a user loses work. Each such catch either logs the error or says,
// in a comment on its line or the line above, why the error may be ignored.

/** True when `node` is a callback that drops its error and gives nothing back. */
function dropsError(node) {
  if (node.type === 'Identifier') return node.name === 'noop';
  if (node.type !== 'ArrowFunctionExpression' && node.type !== 'FunctionExpression') return false;
  if (node.params.length > 0) return false;
  const body = node.body;
  if (body.type === 'BlockStatement') return body.body.length === 0;
  if (body.type === 'Identifier') return body.name === 'undefined';
  return body.type === 'UnaryExpression' && body.operator === 'void';
}

/** The line where the run of statements that each drop an error, and that holds `call`, begins. */
function runStart(sourceCode, call) {
  let statement = sourceCode.getAncestors(call).findLast((a) => a.type.endsWith('Statement'));
  if (!statement || !Array.isArray(statement.parent?.body)) return call.callee.property.loc.start.line;
  const siblings = statement.parent.body;
  let i = siblings.indexOf(statement);
  while (i > 0 && droppingStatement(sourceCode, siblings[i - 1])) i--;
  statement = siblings[i];
  return statement.loc.start.line;
}

/** True when the whole statement is one of ours: it contains a `.catch` that drops the error. */
function droppingStatement(sourceCode, statement) {
  return /\.catch\(\(\) => undefined\)/.test(sourceCode.getText(statement));
}

/**
 * True when a comment sits on the catch's line, the line above it (or above the run of such
 * statements it belongs to), or inside the callback.
 */
function explained(sourceCode, call, callback) {
  const line = call.callee.property.loc.start.line;
  const first = runStart(sourceCode, call);
  return sourceCode
    .getAllComments()
    .some(
      (c) =>
        c.loc.end.line === line ||
        c.loc.end.line === line - 1 ||
        c.loc.end.line === first - 1 ||
        c.loc.start.line === callback.loc.end.line ||
        (c.range[0] >= callback.range[0] && c.range[1] <= callback.range[1]),
    );
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'A swallowed promise error is logged or says why it may be ignored.' },
    schema: [],
    messages: {
      silent:
        'This .catch() throws the error away without a word: log it (log.warn(…, err)) or say in a comment why it may be ignored.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.computed) return;
        if (callee.property.type !== 'Identifier' || callee.property.name !== 'catch') return;
        const [callback] = node.arguments;
        if (!callback || node.arguments.length !== 1 || !dropsError(callback)) return;
        if (explained(sourceCode, node, callback)) return;
        context.report({ node: callee.property, messageId: 'silent' });
      },
    };
  },
};

export const errorsPlugin = { rules: { 'no-silent-catch': rule } };
