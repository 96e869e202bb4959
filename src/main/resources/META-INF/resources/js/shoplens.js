// Draws every <canvas data-chart="..."> from the JSON in its data-chart attribute. The server renders the data; this
// script only styles and draws it, so pages stay readable without it (each chart has its numbers in a table).
(function () {
  'use strict';
  const palette = ['#2563eb', '#059669', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#ea580c', '#475569'];

  function money(v) {
    return Number(v).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 });
  }

  function build(spec) {
    const datasets = spec.series.map(function (s, i) {
      const color = s.color || palette[i % palette.length];
      return {
        label: s.label,
        data: s.data,
        type: s.type || undefined,
        yAxisID: spec.horizontal ? undefined : (s.axis || 'y'),
        borderColor: color,
        backgroundColor: spec.type === 'line' && !s.type ? color + '33' : color,
        borderWidth: spec.type === 'line' || s.type === 'line' ? 2 : 0,
        pointRadius: spec.type === 'line' || s.type === 'line' ? 1.5 : undefined,
        fill: s.fill || false,
        tension: 0.2,
        stepped: s.stepped || false
      };
    });
    const categoryAxis = { stacked: !!spec.stacked, title: { display: !!spec.xTitle, text: spec.xTitle || '' },
                           type: spec.xLinear ? 'linear' : 'category', min: spec.xMin, max: spec.xMax };
    const valueAxis = { stacked: !!spec.stacked, beginAtZero: true, type: 'linear',
                        title: { display: !!spec.yTitle, text: spec.yTitle || '' }, min: spec.yMin, max: spec.yMax };
    // A horizontal bar chart puts the categories on y and the values on x.
    const scales = spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis };
    if (spec.y2Title) {
      scales.y2 = { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
                    title: { display: true, text: spec.y2Title } };
    }
    return {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: datasets.length > 1 },
          tooltip: { callbacks: spec.money ? { label: function (c) { return c.dataset.label + ': ' + money(c.raw); } } : {} }
        },
        scales: scales
      }
    };
  }

  function drawAll() {
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      const spec = JSON.parse(canvas.getAttribute('data-chart'));
      new Chart(canvas, build(spec));
      canvas.setAttribute('data-drawn', 'true');
    });
  }

  if (typeof Chart === 'undefined') {
    console.warn('Chart.js did not load; the tables below each chart still hold the numbers.');
    return;
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', drawAll);
  } else {
    drawAll();
  }
})();
