import type { EmuResponse } from '../types';

/** An RPC-style (POP) error before it gets a RequestId: HTTP status, Code and Message. */
export interface RpcError {
  status: number;
  code: string;
  message: string;
}

/**
 * The POP error body STS and the other RPC services send:
 * `{ RequestId, HostId, Code, Message, Recommend }`.
 */
export function rpcErrorResponse(error: RpcError, requestId: string, hostId: string, product = 'Sts'): EmuResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': requestId },
    body: JSON.stringify({
      RequestId: requestId,
      HostId: hostId,
      Code: error.code,
      Message: error.message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${product}`,
    }),
  };
}

export const rpcError = (status: number, code: string, message: string): RpcError => ({ status, code, message });
