/**
 * Terraform reads every string of a `.tf.json` file as a template: `${...}` is an expression and
 * `%{...}` a directive. A value that must arrive as written goes through {@link terraformLiteral}.
 */

/** The string as a Terraform JSON template that evaluates to exactly `text` (`${` -> `$${`, `%{` -> `%%{`). */
export function terraformLiteral(text: string): string {
  return text.replace(/([$%])\{/g, '$1$1{');
}

/** {@link terraformLiteral} applied to every string of a JSON-like value (keys included). */
export function terraformLiterals<T>(value: T): T {
  if (typeof value === 'string') return terraformLiteral(value) as T;
  if (Array.isArray(value)) return value.map(terraformLiterals) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [terraformLiteral(k), terraformLiterals(v)])) as T;
  }
  return value;
}
