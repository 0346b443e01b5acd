// One quad (two triangles, six vertices) per offer, drawn without instancing: SwiftShader,
// the software WebGL of headless and GPU-less browsers, runs an instanced draw as one draw
// per instance, which made 100,000 points cost ~2 s; one plain draw of 600,000 vertices
// costs about a fifth of that. Each vertex finds its point's data by gl_VertexID in two
// textures, one texel per point. Positions are in unit plot coordinates (0..1 on the full
// data range); u_view is the visible window of that range (zoom), so zooming never
// re-uploads the points.
uniform highp sampler2D u_points;  // x, y (unit plot coordinates), radius (framebuffer px), mark
uniform lowp sampler2D u_colors;   // straight RGBA
uniform int u_points_per_row;      // texels per row of both textures

uniform vec4 u_view;       // x0, y0, x1, y1 of the visible unit window
uniform vec2 u_target_px;  // render target size in framebuffer pixels

out vec2 v_corner;
out vec4 v_color;
out float v_radius_px;
out float v_mark;

// The quad's corners, -1..1, split along the same diagonal as the triangle strip
// (-1,-1) (1,-1) (-1,1) (1,1) that drew it before, so the same pixels are covered.
const vec2 kCorners[6] = vec2[6](vec2(-1.0, -1.0), vec2(1.0, -1.0), vec2(-1.0, 1.0),
                                 vec2(-1.0, 1.0), vec2(1.0, -1.0), vec2(1.0, 1.0));

void main() {
  int point = gl_VertexID / 6;
  vec2 corner = kCorners[gl_VertexID - point * 6];
  ivec2 texel = ivec2(point % u_points_per_row, point / u_points_per_row);
  vec4 data = texelFetch(u_points, texel, 0);
  vec2 position = data.xy;
  float radius_px = data.z;
  vec2 in_view = (position - u_view.xy) / (u_view.zw - u_view.xy);
  // Half a pixel around the disc holds its anti-aliased edge: the fragment shader's
  // coverage is 0 from radius + 0.5 px out, so a pixel whose centre lies farther is never
  // drawn, and the quad need not reach it. (It reached 1 px farther, which cost a software
  // rasteriser a third to a half more fragments per point for none drawn.)
  float extent_px = radius_px + 0.5;
  vec2 ndc = in_view * 2.0 - 1.0 + corner * extent_px * 2.0 / u_target_px;
  gl_Position = vec4(ndc, 0.0, 1.0);
  v_corner = corner * extent_px;
  v_color = texelFetch(u_colors, texel, 0);
  v_radius_px = radius_px;
  v_mark = data.w;
}
