// Flat shapes built on the CPU as triangles (frontier line segments as quads, boxes and
// whiskers of the distribution plot, brush rectangle), in unit plot coordinates.
layout(location = 0) in vec2 a_position;  // unit plot coordinates
layout(location = 1) in vec4 a_color;

uniform vec4 u_view;  // x0, y0, x1, y1 of the visible unit window

out vec4 v_color;

void main() {
  vec2 in_view = (a_position - u_view.xy) / (u_view.zw - u_view.xy);
  gl_Position = vec4(in_view * 2.0 - 1.0, 0.0, 1.0);
  v_color = a_color;
}
