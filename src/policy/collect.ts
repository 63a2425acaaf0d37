import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CheckedObject } from './types';
import { waiversFor } from './waivers';

/**
 * The API objects under `scope` (an App, a Chart or any construct), as the engine checks them: their JSON,
 * construct path and the waivers of their construct and its ancestors.
 */
export function collectObjects(scope: IConstruct): CheckedObject[] {
  return scope.node
    .findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject)
    .map((o) => ({ manifest: o.toJson() as Record<string, unknown>, constructPath: o.node.path, waivers: waiversFor(o) }));
}
