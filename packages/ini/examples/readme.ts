import { fromCliProfile, fromIni } from '@alicred/ini';

// ~/.alibabacloud/credentials (or credentials.ini), profile ALIBABA_CLOUD_PROFILE or "default".
const provider = fromIni();
const credentials = await provider();
console.log(credentials.providerName); // "ini"
console.log(`${credentials}`); // the id, never the secret

// ~/.aliyun/config.json, the profile `aliyun configure` made current.
const cli = fromCliProfile();
const cliCredentials = await cli();
export { credentials, cliCredentials };
