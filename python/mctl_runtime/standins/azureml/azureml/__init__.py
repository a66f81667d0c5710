"""mctl's stand-in for the azureml package: only what the Azure ML inference server provides to
scoring scripts (azureml.contrib.services). A real installed azureml package wins over it."""
