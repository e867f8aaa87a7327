// TypeScript names derived from wire names. Wire names themselves are never changed; these
// helpers only name the types and functions that carry them.

/** `contact` → `Contact`, `class_name` → `ClassName`, `supplier-items` → `SupplierItems`. */
export function toPascalCase(wireName: string): string {
  const words = wireName.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
  const name = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');

  return /^\p{N}/u.test(name) || name === '' ? `_${name}` : name;
}

/** True when `name` can stand unquoted as a property name in TypeScript. */
export function isPlainPropertyName(name: string): boolean {
  return /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name);
}

/** What the generated index.ts exports from the runtime beside the components: values. */
export const RUNTIME_VALUE_EXPORTS: readonly string[] = [
  'DIRECTO_URL',
  'DirectoError',
  'DirectoParseError',
  'DirectoValidationError',
];

/** And types. */
export const RUNTIME_TYPE_EXPORTS: readonly string[] = [
  'DirectoClientOptions',
  'DirectoErrorCode',
  'FetchFunction',
  'ParseOptions',
  'PutOptions',
  'PutResult',
  'ValidationIssue',
];
