import type { ApiRoute } from '../api/registry';

export const organizationApiRoutes: ApiRoute[] = [];
