import { fromFcContext, type FcContextLike } from '@alicred/fc-context';

// FC 3.0 Node.js event handler. `context.credentials` is fresh for every invocation.
export const handler = async (event: Buffer, context: FcContextLike) => {
  const credentials = await fromFcContext(context)();
  // Hand `credentials` to a client (e.g. @alicred/oss-signer); here just say where they came from.
  return { from: credentials.providerName, temporary: credentials.securityToken !== undefined };
};
