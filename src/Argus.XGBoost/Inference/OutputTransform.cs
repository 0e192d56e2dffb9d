namespace Argus.XGBoost.Inference;

/// <summary>What an objective does to the margins when libxgboost predicts values (not margins).</summary>
internal enum OutputTransform
{
    /// <summary>The margin is the prediction.</summary>
    Identity,

    /// <summary>libxgboost's clamped float sigmoid, per value.</summary>
    Sigmoid,

    /// <summary><c>expf</c>, per value.</summary>
    Exp,

    /// <summary>Softmax over each row's groups (multi:softprob).</summary>
    Softmax,

    /// <summary>Index of each row's largest margin, as a float (multi:softmax): one output per row.</summary>
    ArgMax,
}
