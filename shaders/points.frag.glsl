// Anti-aliased discs: coverage from the distance to the edge, one pixel wide, so points
// stay smooth at any size without multisampling. Frontier and selected points get a ring.
in vec2 v_corner;
in vec4 v_color;
in float v_radius_px;
in float v_mark;

uniform vec4 u_ring_color;

out vec4 frag_color;

void main() {
  float dist = length(v_corner);
  float coverage = clamp(v_radius_px + 0.5 - dist, 0.0, 1.0);
  if (coverage <= 0.0) discard;
  vec4 color = v_color;
  if (v_mark > 0.5) {
    // A ring 1.5 px wide inside the edge marks frontier (and, thicker, selected) offers.
    float ring_px = v_mark > 1.5 ? 3.0 : 1.5;
    float ring = clamp(dist - (v_radius_px - ring_px) + 0.5, 0.0, 1.0);
    color = mix(color, u_ring_color, ring);
  }
  frag_color = vec4(color.rgb, color.a * coverage);
}
