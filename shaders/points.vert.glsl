// One instanced quad per offer. Positions arrive in unit plot coordinates (0..1 on the
// full data range); u_view is the visible window of that range (zoom), so zooming never
// re-uploads the points.
layout(location = 0) in vec2 a_corner;    // quad corner, -1..1 (per vertex)
layout(location = 1) in vec2 a_position;  // unit plot coordinates (per instance)
layout(location = 2) in vec4 a_color;     // straight RGBA (per instance)
layout(location = 3) in float a_radius_px;  // radius in framebuffer pixels (per instance)
layout(location = 4) in float a_mark;     // 0 plain, 1 Pareto frontier, 2 selected

uniform vec4 u_view;       // x0, y0, x1, y1 of the visible unit window
uniform vec2 u_target_px;  // render target size in framebuffer pixels

out vec2 v_corner;
out vec4 v_color;
out float v_radius_px;
out float v_mark;

void main() {
  vec2 in_view = (a_position - u_view.xy) / (u_view.zw - u_view.xy);
  // One extra pixel around the disc leaves room for the anti-aliased edge.
  float extent_px = a_radius_px + 1.5;
  vec2 ndc = in_view * 2.0 - 1.0 + a_corner * extent_px * 2.0 / u_target_px;
  gl_Position = vec4(ndc, 0.0, 1.0);
  v_corner = a_corner * extent_px;
  v_color = a_color;
  v_radius_px = a_radius_px;
  v_mark = a_mark;
}
