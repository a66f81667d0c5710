"""mctl stand-in for ModelArts' `model_service` package (provided only inside ModelArts images).

Same module paths, class names, constructor and attributes (model_name, model_path) as the
platform's base classes; `inference(data)` runs _postprocess(_inference(_preprocess(data)))
as SingleNodeService does. Framework-serving internals (TF Serving, Caffe, Spark) are not
imitated: override _inference, as ModelArts' own examples do.
"""
