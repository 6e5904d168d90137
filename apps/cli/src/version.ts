import { VERSION } from '@alicred/core';

/** The CLI's version: the alicred release it ships with (core's version). */
export const CLI_VERSION = VERSION;
