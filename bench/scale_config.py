"""The pharos.yaml of the benches at scale: 100 components and N http monitors spread evenly
over them. Imported by the Python benches; `scale_config.py PATH MONITORS INTERVAL TARGET` writes
one for the shell benches (bench/lib.sh: write_scale_config)."""
import sys


def scale_config(monitors, interval, target, name="Bench", flapping=0, flap_url="",
                 flap_interval=10):
    """MONITORS http monitors of TARGET, INTERVAL seconds apart; the first FLAPPING of them check
    FLAP_URL instead, FLAP_INTERVAL seconds apart (fall 2, rise 1), on the first five components."""
    lines = [f"page: {{ name: {name} }}", "components:"]
    lines += [f"  - {{ id: c{c}, name: Component {c} }}" for c in range(100)]
    lines.append("monitors:")
    for m in range(monitors):
        if m < flapping:
            lines.append(f"  - {{ name: flap{m}, component: c{m % 5}, kind: http, "
                         f"url: \"{flap_url}\", interval: {flap_interval}s, fall: 2, rise: 1 }}")
        else:
            lines.append(f"  - {{ name: m{m}, component: c{m % 100}, kind: http, "
                         f"url: \"{target}\", interval: {interval}s }}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    path, monitors, interval, target = sys.argv[1:5]
    with open(path, "w") as f:
        f.write(scale_config(int(monitors), interval, target))
