/**
 * The example response on HubSpot's reference page for `GET /files/v3/folders/update/async/tasks/{taskId}/status`,
 * verbatim (HubSpot's Files API reference, "The reference page this project was created from"). Note `errors[].subCategory` is `{}`,
 * `errors[].errors[].context` is the string `"{missingScopes=[scope1, scope2]}"`, `numErrors` is 123 while the list
 * holds one error, and `completedAt` is present although the status is CANCELED.
 *
 * Serve it with `createTask({ statusBody: REFERENCE_STATUS_EXAMPLE }, { taskId: '<string>' })`.
 */
export const REFERENCE_STATUS_EXAMPLE: Readonly<Record<string, unknown>> = Object.freeze({
  completedAt: '2023-11-07T05:31:56Z',
  startedAt: '2023-11-07T05:31:56Z',
  status: 'CANCELED',
  taskId: '<string>',
  errors: [
    {
      category: '<string>',
      context: {},
      errors: [
        {
          message: '<string>',
          code: '<string>',
          context: '{missingScopes=[scope1, scope2]}',
          in: '<string>',
          subCategory: '<string>',
        },
      ],
      links: {},
      message: '<string>',
      status: '<string>',
      id: '<string>',
      subCategory: {},
    },
  ],
  links: {},
  numErrors: 123,
  requestedAt: '2023-11-07T05:31:56Z',
  result: {
    archived: true,
    createdAt: '2023-11-07T05:31:56Z',
    id: '<string>',
    updatedAt: '2023-11-07T05:31:56Z',
    archivedAt: '2023-11-07T05:31:56Z',
    name: '<string>',
    parentFolderId: '<string>',
    path: '<string>',
  },
});
