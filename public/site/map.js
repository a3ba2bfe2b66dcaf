// The Danmarkskort: Denmark's 98 municipalities drawn as SVG from GeoJSON, keyboard-accessible.
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 800;

/**
 * An equirectangular projection scaled by the cosine of Denmark's middle latitude, so the
 * country keeps its shape; returns the SVG and its paths by municipality code.
 */
export function drawMap(geojson, entries, { onChoose, label }) {
  const byCode = new Map(entries.map((entry) => [entry.code, entry]));
  const rings = geojson.features.flatMap((feature) => feature.geometry.coordinates.flat());
  const points = rings.flat();
  const minLon = Math.min(...points.map((p) => p[0]));
  const maxLon = Math.max(...points.map((p) => p[0]));
  const minLat = Math.min(...points.map((p) => p[1]));
  const maxLat = Math.max(...points.map((p) => p[1]));
  const k = Math.cos(((minLat + maxLat) / 2) * (Math.PI / 180));
  const scale = WIDTH / ((maxLon - minLon) * k);
  const height = Math.ceil((maxLat - minLat) * scale);
  const project = ([lon, lat]) => [((lon - minLon) * k * scale).toFixed(1), ((maxLat - lat) * scale).toFixed(1)];

  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-labelledby', 'map-title');
  const title = document.createElementNS(SVG, 'title');
  title.id = 'map-title';
  title.textContent = 'Danmarkskort';
  svg.append(title);

  for (const feature of geojson.features) {
    const entry = byCode.get(feature.properties.code);
    if (!entry) continue;
    const d = feature.geometry.coordinates
      .flatMap((polygon) =>
        polygon.map(
          (ring) =>
            `M${ring
              .map(project)
              .map((p) => p.join(','))
              .join('L')}Z`
        )
      )
      .join('');
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    path.setAttribute('class', `municipality${entry.hasIntegrationCouncil ? ' council' : ''}`);
    path.setAttribute('tabindex', '0');
    path.setAttribute('role', 'button');
    path.setAttribute('aria-label', label(entry));
    path.dataset.code = entry.code;
    path.dataset.name = entry.name;
    const choose = () => {
      for (const other of svg.querySelectorAll('[aria-pressed="true"]')) other.setAttribute('aria-pressed', 'false');
      path.setAttribute('aria-pressed', 'true');
      onChoose(entry.code);
    };
    path.setAttribute('aria-pressed', 'false');
    path.addEventListener('click', choose);
    path.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        choose();
      }
    });
    svg.append(path);
  }

  // A dot at the centre of the largest part of each municipality with partnerships or case stories.
  for (const feature of geojson.features) {
    const entry = byCode.get(feature.properties.code);
    if (!entry || entry.partnershipCount + entry.caseStoryCount === 0) continue;
    const ring = feature.geometry.coordinates.map((polygon) => polygon[0]).sort((a, b) => b.length - a.length)[0];
    const [x, y] = project([ring.reduce((sum, p) => sum + p[0], 0) / ring.length, ring.reduce((sum, p) => sum + p[1], 0) / ring.length]);
    const dot = document.createElementNS(SVG, 'circle');
    dot.setAttribute('cx', x);
    dot.setAttribute('cy', y);
    dot.setAttribute('r', '7');
    dot.setAttribute('class', 'has-content');
    dot.setAttribute('aria-hidden', 'true');
    dot.dataset.code = entry.code;
    svg.append(dot);
  }
  return svg;
}
