// The pokemon service's routes: one defineRoute per endpoint (see shared/http/route.ts).
export {};
