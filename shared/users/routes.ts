// The users service's routes: one defineRoute per endpoint (see shared/http/route.ts).
// Bodies and error sentences are those of the Flask API this service replaces (see docs/API.md).
import * as z from 'zod/mini';
import { cursorParam, limitParam } from '#shared/http/pagination';
import { defineRoute, lazySchema } from '#shared/http/route';
import { createUserBody, messages, userIdParams, userPageSchema, userSchema } from '#shared/users/schemas';

export const createUser = defineRoute({
  service: 'users',
  operationId: 'createUser',
  method: 'POST',
  path: '/users',
  data: [{ table: 'users', actions: ['PutItem'] }],
  summary: 'Create a user',
  description:
    'The body is exactly `{"userId", "name"}`: any other field is refused with 400 (not silently ignored). ' +
    'A create never overwrites: a userId that exists answers 409, also when two creates race.',
  body: createUserBody,
  responses: { 201: { description: 'The user as stored', schema: userSchema } },
  errors: {
    400: `${messages.bothRequired} (a field missing, empty or not a string); or a field too long, a userId with other characters, an unknown field`,
    409: messages.alreadyExists,
    415: 'The body is not sent as application/json',
  },
  exampleRequests: {
    201: { body: { userId: 'contract-create', name: 'Ada Lovelace' } },
    400: { body: { userId: 'contract-invalid' } },
    409: {
      setup: [{ method: 'POST', path: '/users', body: { userId: 'contract-taken', name: 'First' } }],
      body: { userId: 'contract-taken', name: 'Second' },
    },
  },
});

export const getUser = defineRoute({
  service: 'users',
  operationId: 'getUser',
  method: 'GET',
  path: '/users/{userId}',
  data: [{ table: 'users', actions: ['GetItem'] }],
  summary: 'Read a user',
  params: userIdParams,
  responses: { 200: { description: 'The user', schema: userSchema } },
  errors: { 400: messages.userIdFormat, 404: messages.notFound },
  exampleRequests: {
    200: {
      setup: [{ method: 'POST', path: '/users', body: { userId: 'contract-read', name: 'Grace Hopper' } }],
      params: { userId: 'contract-read' },
    },
    400: { params: { userId: 'not/allowed' } },
    404: { params: { userId: 'contract-nobody' } },
  },
});

export const listUsers = defineRoute({
  service: 'users',
  operationId: 'listUsers',
  method: 'GET',
  path: '/users',
  data: [{ table: 'users', actions: ['Scan'] }],
  summary: 'List users, one page at a time',
  description:
    'Pages come in a fixed order (not alphabetical): following `nextCursor` until it is null returns every user once.',
  query: lazySchema(() => z.object({ limit: limitParam(), cursor: cursorParam() })),
  responses: { 200: { description: 'One page of users', schema: userPageSchema } },
  errors: { 400: 'limit is not a whole number from 1 to 1000, or cursor is not one this list gave out' },
  exampleRequests: { 200: { query: { limit: '10' } }, 400: { query: { limit: '0' } } },
});

export const deleteUser = defineRoute({
  service: 'users',
  operationId: 'deleteUser',
  method: 'DELETE',
  path: '/users/{userId}',
  data: [{ table: 'users', actions: ['DeleteItem'] }],
  summary: 'Delete a user',
  params: userIdParams,
  responses: { 204: { description: 'Deleted' } },
  errors: { 400: messages.userIdFormat, 404: messages.notFound },
  exampleRequests: {
    204: {
      setup: [{ method: 'POST', path: '/users', body: { userId: 'contract-delete', name: 'Alan Turing' } }],
      params: { userId: 'contract-delete' },
    },
    400: { params: { userId: 'not allowed' } },
    404: { params: { userId: 'contract-nobody' } },
  },
});
