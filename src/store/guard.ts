/**
 * Stores hand the domain its own errors only. `guardStore` wraps every method of a store so that
 * whatever a driver throws is translated once, here, instead of in each method.
 */

/** Errors the domain already understands pass through translation unchanged. */
export type ErrorTranslator = (error: unknown) => Error;

export function guardStore<T extends object>(store: T, translate: ErrorTranslator): T {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (error) {
          throw translate(error);
        }
      };
    },
  });
}
