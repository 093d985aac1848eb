"""The networks and their tokenizers: `sequence` (the zoo's one model: embedding, LSTM / GRU /
RNN, a head at every step), `seq2seq` (the translation encoder–decoder) and `tokenize`
(word, character and subword tokenizers, described entirely by data saved beside the weights)."""
