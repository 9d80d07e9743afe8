import { createEdgeArrowHeadProgram, createEdgeClampedProgram, createEdgeCompoundProgram, type EdgeProgram } from 'sigma/rendering';
import type { EdgeProgramType } from 'sigma/rendering';

/**
 * Sigma's clamped edge (the arrow's body) drawn dashed: the vertex shader passes how far along the edge a fragment
 * lies, in clip-space units, and the fragment shader drops every other stretch. Clip space follows the screen, so
 * dashes keep their on-screen length at any zoom. Derived relations (from rules or models) are drawn with it.
 */
const DASH_PERIOD = '0.022';
const DASH_ON = '0.013';

function patch(source: string, anchor: string, replacement: string): string {
  if (!source.includes(anchor)) throw new Error(`sigma shader changed: "${anchor.trim()}" not found`);
  return source.replace(anchor, replacement);
}

type Definition = ReturnType<EdgeProgram['getDefinition']>;
// The public typings hide program internals; this is the one method overridden here.
type Ctor = new (...args: never[]) => { getDefinition(): Definition };

const Clamped = createEdgeClampedProgram() as unknown as Ctor;

class EdgeDashedClampedProgram extends Clamped {
  getDefinition(): Definition {
    const definition = super.getDefinition();
    let vertex = patch(definition.VERTEX_SHADER_SOURCE, 'varying float v_feather;', 'varying float v_feather;\nvarying float v_along;');
    vertex = patch(
      vertex,
      '  v_color.a *= bias;\n}',
      '  v_color.a *= bias;\n' +
        '  vec2 clipStart = (u_matrix * vec3(a_positionStart, 1)).xy;\n' +
        '  vec2 clipEnd = (u_matrix * vec3(a_positionEnd, 1)).xy;\n' +
        '  v_along = a_positionCoef * length(clipEnd - clipStart);\n}',
    );
    let fragment = patch(definition.FRAGMENT_SHADER_SOURCE, 'varying float v_feather;', 'varying float v_feather;\nvarying float v_along;');
    fragment = patch(
      fragment,
      'void main(void) {',
      `void main(void) {\n  #ifndef PICKING_MODE\n  if (mod(v_along, ${DASH_PERIOD}) > ${DASH_ON}) discard;\n  #endif`,
    );
    return { ...definition, VERTEX_SHADER_SOURCE: vertex, FRAGMENT_SHADER_SOURCE: fragment };
  }
}

export const EdgeDashedArrowProgram: EdgeProgramType = createEdgeCompoundProgram([
  EdgeDashedClampedProgram as unknown as EdgeProgramType,
  createEdgeArrowHeadProgram(),
]);
