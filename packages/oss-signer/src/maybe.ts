/** A value, or a promise of it: node:crypto answers synchronously, WebCrypto with promises. */
export type Maybe<T> = T | Promise<T>;

/**
 * `next(value)`, after `value` settles when it is a promise. Keeps the Node path synchronous (no microtask
 * per step) while the same code runs on WebCrypto's promises.
 */
export function chain<T, U>(value: Maybe<T>, next: (value: T) => Maybe<U>): Maybe<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}
