from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark (bench/README.md): the scale-data generator (generate_scale_data) and the
    floor view, which only the benchmark's own URLs (bench/urls.py) serve."""

    name = "bench"
    verbose_name = "Benchmark"
