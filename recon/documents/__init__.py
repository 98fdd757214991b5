"""Official documents (文书): numbering, model-to-data contexts and the pure PDF builders."""
