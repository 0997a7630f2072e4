/**
 * The API's public ids: base64 of "<Type>:<uuid>" (Relay's convention). Here, free of GraphQL, so
 * services can write them into webhook payloads; the builder's relay plugin encodes with it too.
 */
export const encodeGlobalId = (typename: string, id: string | number | bigint) => Buffer.from(`${typename}:${id}`, 'utf8').toString('base64');
