import { CredentialsError, isCredentialsError, type CredentialProvider } from '@alicred/core';

/**
 * A provider whose real provider is made on first use by `load` (usually after an `import()`), then kept, so
 * its cache lives as long as this one. A failed load (a bad option, a missing package) is not kept: the next
 * call tries again.
 */
export function lazyProvider(name: string, load: () => Promise<CredentialProvider>): CredentialProvider {
  let loading: Promise<CredentialProvider> | undefined;
  return async (options) => {
    const pending = (loading ??= load());
    let provider: CredentialProvider;
    try {
      provider = await pending;
    } catch (error) {
      if (loading === pending) loading = undefined;
      if (isCredentialsError(error)) throw error;
      throw new CredentialsError(`${name}: the source could not be loaded (see \`cause\`).`, { code: 'MissingPackage', provider: name, cause: error });
    }
    return provider(options);
  };
}
