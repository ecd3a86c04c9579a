export { REDACTED, redactCredentials } from './redactCredentials';
