// The cold-start baseline: a Lambda handler that does nothing, bundled like every function.
export const handler = async () => ({ statusCode: 200, body: '{}' });
